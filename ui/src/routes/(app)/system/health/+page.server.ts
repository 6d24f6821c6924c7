import { can } from '#lib/roles.ts';
import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { healthSchema } from '#lib/schemas/health.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireCapability(event, 'stats');
  event.depends('app:health');
  try {
    const { body } = await apiFor(event).json(healthSchema, '/api/admin/health');
    return { health: body, admin: can(user, 'administer') };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};
