import type { SubmitFunction } from '$app/forms';

/**
 * An enhanced form's submit callback that marks it busy from the submit until the page has been
 * updated with the answer (`busy(true)`, then `busy(false)`), so its button can be disabled and
 * say what is happening. `keep` leaves the fields as typed (no reset after a success).
 */
export const whileSubmitting =
  (
    busy: (submitting: boolean) => void,
    { keep = false }: { keep?: boolean } = {},
  ): SubmitFunction =>
  () => {
    busy(true);
    return async ({ update }) => {
      await update({ reset: !keep });
      busy(false);
    };
  };
