import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';
import { addressBody, profileSchema } from './schema.ts';

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'placeOrders');
  try {
    const { body } = await apiFor(event).json(profileSchema, '/api/customers/me');
    return { profile: body };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const newAddress = z.object({
  recipient: text(200),
  line1: text(200),
  line2: optionalText(200),
  postalCode: text(20),
  city: text(100),
  country: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/)),
});
const addressIdOf = (form: FormData): string | undefined => {
  const id = form.get('addressId');
  return typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : undefined;
};
const withoutEmpty = (body: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== '' && value !== undefined),
  );

const failed = async (event: Parameters<typeof apiFor>[0], response: Response, form: string) => {
  const problem = await apiFor(event).failure(response);
  const fields = problem.errors?.map((error) => `${error.path}: ${error.message}`).join('; ');
  return fail(response.status >= 500 ? 503 : response.status, {
    form,
    message:
      fields === undefined || fields === ''
        ? (problem.detail ?? problem.title ?? 'Refused.')
        : fields,
  });
};

export const actions: Actions = {
  addAddress: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const input = newAddress.safeParse(Object.fromEntries(form));
    if (!input.success)
      return fail(400, {
        form: 'addAddress',
        message: 'Fill in recipient, street, postal code, city and a two-letter country code.',
      });
    try {
      const response = await apiFor(event).raw('/api/customers/me/addresses', {
        method: 'POST',
        body: { ...withoutEmpty(input.data), makeDefault: form.get('makeDefault') === 'on' },
      });
      if (!response.ok) return await failed(event, response, 'addAddress');
      await response.body?.cancel();
    } catch (cause) {
      return actionFailure(event, cause, 'addAddress');
    }
    return { form: 'addAddress', done: 'Address added.' };
  },
  removeAddress: async (event) => {
    requireCapability(event, 'placeOrders');
    const addressId = addressIdOf(await event.request.formData());
    if (addressId === undefined) return fail(400, { form: 'addresses', message: 'No address.' });
    const response = await apiFor(event).raw(`/api/customers/me/addresses/${addressId}`, {
      method: 'DELETE',
    });
    if (!response.ok) return failed(event, response, 'addresses');
    return { form: 'addresses', done: 'Address removed.' };
  },
  makeDefault: async (event) => {
    requireCapability(event, 'placeOrders');
    const addressId = addressIdOf(await event.request.formData());
    const api = apiFor(event);
    try {
      const { body } = await api.json(profileSchema, '/api/customers/me');
      const address = body.addresses.find((held) => held.addressId === addressId);
      if (address === undefined)
        return fail(404, { form: 'addresses', message: 'That address is gone.' });
      await api.json(
        z.object({ addressId: z.string() }),
        `/api/customers/me/addresses/${address.addressId}`,
        {
          method: 'PUT',
          body: { ...addressBody(address), makeDefault: true },
        },
      );
    } catch (cause) {
      return actionFailure(event, cause, 'addresses');
    }
    return { form: 'addresses', done: 'Default address chosen.' };
  },
};
