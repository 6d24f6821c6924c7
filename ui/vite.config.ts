import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// SvelteKit 3 takes its configuration here (svelte.config.js is no longer read).
export default defineConfig({
  plugins: [
    sveltekit({
      // The prefix keeps adapter-node's variables (PORT, HOST, …) apart from the product's own:
      // the handler is mounted in api/main.ts, which owns PORT and HOST.
      adapter: adapter({ envPrefix: 'OL_UI_' }),
      compilerOptions: { runes: true },
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self'],
          // Server-rendered `style="…"` attributes (progress bars, chart bars); never <style> blocks.
          'style-src-attr': ['unsafe-inline'],
          'img-src': ['self', 'data:'],
          'connect-src': ['self'],
          'font-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  build: { reportCompressedSize: false },
});
