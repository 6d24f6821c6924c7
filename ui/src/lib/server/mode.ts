import type { RequestEvent } from '@sveltejs/kit';
import { apiFor } from './api.ts';

let embedded: boolean | undefined;

/**
 * Embedded mode is where `POST /api/auth/dev-token` exists. An empty body probes it without
 * signing anything: the route refuses it (400) in embedded mode, and does not exist (404)
 * otherwise. The mode is fixed for the life of the process, so the answer is kept.
 */
export const isEmbedded = async (event: RequestEvent): Promise<boolean> => {
  if (embedded !== undefined) return embedded;
  const response = await apiFor(event, null).raw('/api/auth/dev-token', {
    method: 'POST',
    body: {},
  });
  await response.body?.cancel();
  if (response.status === 404) embedded = false;
  else if (response.status === 400 || response.ok) embedded = true;
  else throw new Error(`probing POST /api/auth/dev-token answered ${response.status}`);
  return embedded;
};
