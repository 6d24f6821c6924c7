import { error } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { parkedSchema } from '#lib/schemas/ops.ts';
import { apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const groupPattern = /^[A-Za-z0-9._:$-]{1,128}$/;

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'administer');
  const { group } = event.params;
  if (!groupPattern.test(group)) error(404, 'There is no such subscription group.');
  try {
    const { body } = await apiFor(event).json(
      parkedSchema,
      `/api/admin/subscriptions/${encodeURIComponent(group)}/parked`,
      { query: { limit: 100 } },
    );
    return { group, parked: body.items };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

export const actions: Actions = {
  replay: async (event) => {
    requireCapability(event, 'administer');
    const { group } = event.params;
    try {
      await apiFor(event).json(
        z.looseObject({}),
        `/api/admin/subscriptions/${encodeURIComponent(group)}/parked/replay`,
        { method: 'POST', body: {} },
      );
      return {
        form: 'replay',
        message: 'Replaying: each parked event goes back to the group’s consumers.',
      };
    } catch (cause) {
      return actionFailure(event, cause, 'replay');
    }
  },
};
