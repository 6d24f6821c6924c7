import { inject } from 'vitest';
import { serverVariables, type ServerKind } from './types.ts';

/**
 * The URL of a server for this test, from the harness's global setup. Throws (so the test fails,
 * never skips) with the reason when the harness could not have one.
 */
export const serverUrl = (kind: ServerKind): string => {
  const outcome = inject('testServers')[kind];
  if (outcome === undefined) {
    throw new Error(
      `the test-server harness did not start ${kind}: run this test in the int or e2e project, ` +
        `with TEST_SERVERS unset or naming ${kind}, or set ${serverVariables[kind]}`,
    );
  }
  if (!outcome.ok) throw new Error(outcome.missing);
  return outcome.url;
};
