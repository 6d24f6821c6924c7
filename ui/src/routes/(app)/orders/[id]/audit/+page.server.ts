import { error } from '@sveltejs/kit';
import { historySchema } from '#lib/schemas/audit.ts';
import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'audit');
  const { id } = event.params;
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id)) error(404, 'There is no order with that id.');
  try {
    const { body } = await apiFor(event).json(
      historySchema,
      `/api/orders/${encodeURIComponent(id)}/history`,
    );
    if (body.events.length === 0) error(404, 'This order has no recorded history.');
    const asked = Number(event.url.searchParams.get('event'));
    const index =
      Number.isInteger(asked) && asked >= 1 ? Math.min(asked, body.events.length) - 1 : 0;
    return { orderId: body.orderId, events: body.events, index };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};
