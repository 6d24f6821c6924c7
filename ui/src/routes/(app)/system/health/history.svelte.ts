import { SvelteMap } from 'svelte/reactivity';
import type { Health } from '#lib/schemas/health.ts';

/** How many readings a chart keeps: two minutes at one every two seconds. */
const kept = 60;

/** The last readings of each component's lag (seconds), for the small charts. */
export class LagHistory {
  readonly byId = new SvelteMap<string, number[]>();
  #lastAt = '';

  add(health: Health): void {
    if (health.at === this.#lastAt) return;
    this.#lastAt = health.at;
    for (const component of health.components) {
      if (component.lagSeconds === null) continue;
      const points = [...(this.byId.get(component.id) ?? []), component.lagSeconds];
      this.byId.set(component.id, points.slice(-kept));
    }
  }

  of(id: string): readonly number[] {
    return this.byId.get(id) ?? [];
  }
}
