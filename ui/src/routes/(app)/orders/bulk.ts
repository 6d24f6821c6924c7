import * as z from 'zod/mini';

export const bulkActions = ['cancel', 'refund', 'retry'] as const;
export type BulkAction = (typeof bulkActions)[number];
export const retrySteps = ['inventory', 'payment', 'shipping'] as const;
export const maxSelected = 100;

export const bulkActionLabels: Record<BulkAction, string> = {
  cancel: 'Cancel',
  refund: 'Refund the payment',
  retry: 'Retry a step',
};
export const retryStepLabels: Record<(typeof retrySteps)[number], string> = {
  inventory: 'Stock reservation',
  payment: 'Payment',
  shipping: 'Shipping',
};

/** What the form sends: the action, its reason, and the selected orders (one field each). */
export const bulkFormSchema = z.object({
  action: z.enum(bulkActions),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  step: z.optional(z.enum(retrySteps)),
  orderIds: z
    .array(z.string().check(z.minLength(1), z.maxLength(100)))
    .check(z.minLength(1), z.maxLength(maxSelected)),
});

/** The API's answer: each order's outcome, and why when it was refused. */
export const bulkResultsSchema = z.object({
  results: z.array(
    z.object({
      orderId: z.string(),
      outcome: z.enum(['done', 'refused']),
      problem: z.optional(
        z.object({ title: z.optional(z.string()), detail: z.optional(z.string()) }),
      ),
    }),
  ),
});
export type BulkResults = z.infer<typeof bulkResultsSchema>['results'];
