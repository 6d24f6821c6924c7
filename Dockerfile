# syntax=docker/dockerfile:1
# One image for every role of Order Ledger: `--role all` by default, or api, processes, projections
# (see README "Deploying"). Node 24 runs the TypeScript sources directly (type stripping), so the
# only build step is the SvelteKit UI. Linted by hadolint (infra/deploy/dockerfile.unit.test.ts).

# The build stage has the dev dependencies (vite, svelte, SvelteKit) that build ui/build.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-ui.ts scripts/
COPY ui/ ui/
# --if-stale runs vite build alone (the checks of `npm run build:ui` are the test suite's job).
RUN node scripts/build-ui.ts --if-stale

# The runtime stage: production dependencies, the sources and the built UI, nothing else.
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY domain/ domain/
COPY infra/ infra/
COPY processes/ processes/
COPY projections/ projections/
COPY api/ api/
COPY ui/package.json ui/
COPY --from=build /app/ui/build/ ui/build/
# Embedded mode writes its event log and secret under DATA_DIR: the only writable place.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# node, the unprivileged user of the node images, by number (a runtime cannot resolve a name).
USER 1000:1000
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks /health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `node api/main.ts`, not `npm start`: its prestart would try to rebuild the UI without vite.
ENTRYPOINT ["node", "api/main.ts"]
CMD ["--role", "all"]
