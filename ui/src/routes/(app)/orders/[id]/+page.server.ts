import { error } from '@sveltejs/kit';
import { can } from '#lib/roles.ts';
import { fulfilmentSchema } from '#lib/schemas/audit.ts';
import { orderViewSchema, progressSchema, timelineSchema } from '#lib/schemas/orders.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { pageFailure, requireUser } from '#lib/server/guard.ts';
import { recalledWrite } from '#lib/server/read-your-writes.ts';
import type { PageServerLoad } from './$types';

export { actions } from './actions.ts';

const orderIdPattern = /^[A-Za-z0-9._-]{1,128}$/;

const orNullOn404 = async <T>(promise: Promise<T>): Promise<T | null> => {
  try {
    return await promise;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 404) return null;
    throw cause;
  }
};

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  event.depends('app:order');
  const { id } = event.params;
  if (!orderIdPattern.test(id)) error(404, 'There is no order with that id.');
  // Right after placing, wait (bounded, on the API side) until the read model has the order.
  const query = { minPosition: recalledWrite(event.cookies, event.url.pathname) };
  const api = apiFor(event);
  const path = `/api/orders/${encodeURIComponent(id)}`;
  try {
    const [order, timeline, progress, fulfilment] = await Promise.all([
      api.json(orderViewSchema, path, { query }),
      orNullOn404(api.json(timelineSchema, `${path}/timeline`, { query })),
      orNullOn404(api.json(progressSchema, `${path}/progress`)),
      can(user, 'seeFulfilment')
        ? orNullOn404(
            api.json(fulfilmentSchema, `/api/admin/orders/${encodeURIComponent(id)}/fulfilment`),
          )
        : Promise.resolve(null),
    ]);
    return {
      order: order.body,
      timeline: timeline?.body.entries ?? [],
      fulfilment: fulfilment?.body ?? null,
      waiting: progress?.body.waiting ?? null,
      may: {
        cancel: can(user, 'cancelOrders'),
        steer: can(user, 'steerFulfilment'),
        audit: can(user, 'audit'),
      },
    };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};
