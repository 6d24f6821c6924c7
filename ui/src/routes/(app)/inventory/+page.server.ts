import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { inventoryLevelSchema } from '#lib/schemas/catalog.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';
import { demandForecastSchema, horizons, type DemandForecast } from './forecast.ts';

const inventorySchema = z.object({ items: z.array(inventoryLevelSchema) });
const restockInput = z.object({
  sku: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)),
  quantity: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
});

const thresholdInput = z.object({
  sku: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)),
  threshold: z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1_000_000)),
});

type Forecast = {
  sku: string;
  horizon: string;
  body: DemandForecast | null;
  message: string | null;
};

/** The sku picked for a forecast (`?forecast=SKU&horizon=7|30`); a failure is said beside it. */
const forecastOf = async (event: Parameters<PageServerLoad>[0]): Promise<Forecast | null> => {
  const sku = event.url.searchParams.get('forecast');
  if (sku === null || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sku)) return null;
  const horizon = horizons.find((h) => h === event.url.searchParams.get('horizon')) ?? '7';
  try {
    const { body } = await apiFor(event).json(
      demandForecastSchema,
      '/api/analytics/demand-forecast',
      { query: { sku, horizon } },
    );
    return { sku, horizon, body, message: null };
  } catch (cause) {
    const message =
      cause instanceof ApiError && cause.status === 404
        ? `No sales or stock are known for ${sku}.`
        : 'The forecast could not be computed just now.';
    return { sku, horizon, body: null, message };
  }
};

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'inventory');
  event.depends('app:inventory');
  try {
    const [{ body }, forecast] = await Promise.all([
      apiFor(event).json(inventorySchema, '/api/inventory'),
      forecastOf(event),
    ]);
    return { items: body.items, forecast };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

export const actions: Actions = {
  restock: async (event) => {
    requireCapability(event, 'inventory');
    const input = restockInput.safeParse(Object.fromEntries(await event.request.formData()));
    if (!input.success) {
      return fail(400, {
        form: 'restock',
        sku: '',
        message: 'Restock by a whole number from 1 to 1,000,000.',
      });
    }
    const { sku, quantity } = input.data;
    try {
      const { body } = await apiFor(event).json(
        inventoryLevelSchema,
        `/api/inventory/${encodeURIComponent(sku)}/restock`,
        { method: 'POST', body: { quantity } },
      );
      return {
        form: 'restock',
        sku,
        message: `Restocked ${quantity} × ${sku}; ${body.available} now available.`,
      };
    } catch (cause) {
      return actionFailure(event, cause, 'restock', { sku });
    }
  },
  threshold: async (event) => {
    requireCapability(event, 'inventory');
    const input = thresholdInput.safeParse(Object.fromEntries(await event.request.formData()));
    if (!input.success) {
      return fail(400, {
        form: 'threshold',
        sku: '',
        message: 'Set the low-stock threshold to a whole number from 0 to 1,000,000.',
      });
    }
    const { sku, threshold } = input.data;
    try {
      const { body } = await apiFor(event).json(
        inventoryLevelSchema,
        `/api/inventory/${encodeURIComponent(sku)}/low-stock-threshold`,
        { method: 'POST', body: { threshold } },
      );
      return {
        form: 'threshold',
        sku,
        message: `${sku} now counts as low on stock below ${threshold} available${body.lowStock ? ', which it is' : ''}.`,
      };
    } catch (cause) {
      return actionFailure(event, cause, 'threshold', { sku });
    }
  },
};
