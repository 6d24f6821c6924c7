import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { apiFor } from '#lib/server/api.ts';
import { formText } from '#lib/server/form.ts';
import { actionFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, RequestEvent } from './$types';

const accepted = z.looseObject({});
const retryInput = z.object({ step: z.enum(['inventory', 'payment', 'shipping']) });
const compensateInput = z.object({ action: z.enum(['releaseStock', 'refundPayment']) });
const stepNames = { inventory: 'stock reservation', payment: 'payment', shipping: 'shipping' };
const compensationNames = { releaseStock: 'Stock release', refundPayment: 'Refund' };

const orderPath = (event: RequestEvent, suffix: string): string =>
  `/api/orders/${encodeURIComponent(event.params.id)}${suffix}`;
const adminPath = (event: RequestEvent, suffix: string): string =>
  `/api/admin/orders/${encodeURIComponent(event.params.id)}${suffix}`;

export const actions = {
  cancel: async (event) => {
    requireCapability(event, 'cancelOrders');
    const reason = formText(await event.request.formData(), 'reason').trim();
    if (reason.length > 500)
      return fail(400, { form: 'cancel', message: 'Keep the reason under 500 characters.' });
    try {
      await apiFor(event).json(accepted, orderPath(event, '/cancel'), {
        method: 'POST',
        body: reason === '' ? {} : { reason },
      });
      return {
        form: 'cancel',
        message: 'Cancelled. Anything already reserved or paid is being undone.',
      };
    } catch (cause) {
      return actionFailure(event, cause, 'cancel');
    }
  },
  retry: async (event) => {
    requireCapability(event, 'steerFulfilment');
    const input = retryInput.safeParse(Object.fromEntries(await event.request.formData()));
    if (!input.success) return fail(400, { form: 'steer', message: 'Choose a step to retry.' });
    try {
      await apiFor(event).json(accepted, adminPath(event, '/retry'), {
        method: 'POST',
        body: input.data,
      });
      return { form: 'steer', message: `Retry of the ${stepNames[input.data.step]} requested.` };
    } catch (cause) {
      return actionFailure(event, cause, 'steer');
    }
  },
  compensate: async (event) => {
    requireCapability(event, 'steerFulfilment');
    const input = compensateInput.safeParse(Object.fromEntries(await event.request.formData()));
    if (!input.success) return fail(400, { form: 'steer', message: 'Choose a compensation.' });
    try {
      await apiFor(event).json(accepted, adminPath(event, '/compensate'), {
        method: 'POST',
        body: input.data,
      });
      return { form: 'steer', message: `${compensationNames[input.data.action]} requested.` };
    } catch (cause) {
      return actionFailure(event, cause, 'steer');
    }
  },
} satisfies Actions;
