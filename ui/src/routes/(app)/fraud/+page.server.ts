import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { orderPageSchema } from '#lib/schemas/orders.ts';
import { apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';
import { reviewsSchema } from './reviews.ts';

const decisionInput = z.object({
  orderId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)),
  decision: z.enum(['approved', 'rejected']),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'seeFulfilment');
  event.depends('app:fraud');
  const api = apiFor(event);
  try {
    const [queue, decided] = await Promise.all([
      api.json(reviewsSchema, '/api/fraud/reviews', { query: { view: 'pending', limit: '100' } }),
      api.json(reviewsSchema, '/api/fraud/reviews', { query: { view: 'decided', limit: '50' } }),
    ]);
    // The order picked (or the riskiest): its customer's other orders, next to it.
    const picked = event.url.searchParams.get('order');
    const selected =
      queue.body.items.find((item) => item.orderId === picked) ?? queue.body.items[0] ?? null;
    const history =
      selected?.customerId === null || selected === null
        ? []
        : (
            await api.json(orderPageSchema, '/api/orders', {
              query: { customerId: selected.customerId, limit: '20' },
            })
          ).body.items;
    return {
      queue: queue.body.items,
      decided: decided.body.items,
      counts: queue.body.counts,
      selected,
      history,
    };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

export const actions: Actions = {
  decide: async (event) => {
    requireCapability(event, 'steerFulfilment');
    const input = decisionInput.safeParse(Object.fromEntries(await event.request.formData()));
    if (!input.success) {
      return fail(400, {
        form: 'decide',
        message: 'Say why you approve or reject the order: the audit keeps your reason.',
      });
    }
    const { orderId, decision, reason } = input.data;
    try {
      await apiFor(event).json(
        z.object({ orderId: z.string() }),
        `/api/admin/orders/${encodeURIComponent(orderId)}/review`,
        { method: 'POST', body: { decision, reason } },
      );
      const done =
        decision === 'approved'
          ? 'approved: it goes on to confirmation'
          : 'rejected: its stock is released and its payment voided';
      return { form: 'decide', orderId, message: `Order ${orderId} ${done}.` };
    } catch (cause) {
      return actionFailure(event, cause, 'decide', { orderId });
    }
  },
};
