import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { can } from '#lib/roles.ts';
import {
  projectionListSchema,
  rebuildSchema,
  statsSchema,
  subscriptionListSchema,
} from '#lib/schemas/ops.ts';
import { apiFor } from '#lib/server/api.ts';
import { formText } from '#lib/server/form.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const namePattern = /^[A-Za-z0-9._:$-]{1,128}$/;

export const load: PageServerLoad = async (event) => {
  const user = requireCapability(event, 'stats');
  event.depends('app:operations');
  const admin = can(user, 'administer');
  const api = apiFor(event);
  try {
    const [stats, projections, subscriptions] = await Promise.all([
      api.json(statsSchema, '/api/stats'),
      admin ? api.json(projectionListSchema, '/api/admin/projections') : null,
      admin ? api.json(subscriptionListSchema, '/api/admin/subscriptions') : null,
    ]);
    return {
      admin,
      stats: stats.body,
      projections: projections?.body.items ?? [],
      subscriptions: subscriptions?.body.items ?? [],
      loadedAt: new Date().toISOString(),
    };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

const startedSchema = z.object({ name: z.string(), rebuild: z.nullable(rebuildSchema) });

export const actions: Actions = {
  rebuild: async (event) => {
    requireCapability(event, 'administer');
    const name = formText(await event.request.formData(), 'name');
    if (!namePattern.test(name))
      return fail(400, { form: 'rebuild', name, message: 'Unknown projection.' });
    try {
      const { body } = await apiFor(event).json(
        startedSchema,
        `/api/admin/projections/${encodeURIComponent(name)}/rebuild`,
        { method: 'POST', body: {} },
      );
      return {
        form: 'rebuild',
        name,
        rebuild: body.rebuild,
        message: `Rebuilding ${name} from the start of the log.`,
      };
    } catch (cause) {
      return actionFailure(event, cause, 'rebuild', { name });
    }
  },
  replay: async (event) => {
    requireCapability(event, 'administer');
    const group = formText(await event.request.formData(), 'group');
    if (!namePattern.test(group))
      return fail(400, { form: 'replay', name: group, message: 'Unknown group.' });
    try {
      await apiFor(event).json(
        z.looseObject({}),
        `/api/admin/subscriptions/${encodeURIComponent(group)}/parked/replay`,
        { method: 'POST', body: {} },
      );
      return { form: 'replay', name: group, message: `Replaying the parked events of ${group}.` };
    } catch (cause) {
      return actionFailure(event, cause, 'replay', { name: group });
    }
  },
};
