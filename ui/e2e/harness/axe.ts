import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type AxeCore from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe's serious and critical violations on the page as it is, one line each with its nodes. */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  // Evaluated over the DevTools protocol: the page's CSP (rightly) refuses an injected script tag.
  // Once per document: checks of one page at several sizes and themes reuse it (each evaluation
  // of the 500 kB source cost 80–350 ms).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof AxeCore };
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
};
