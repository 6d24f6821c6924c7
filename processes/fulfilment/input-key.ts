import { z } from 'zod';

const correlated = z.object({ $correlationId: z.string().min(1) });

/**
 * The key that keeps one order's inputs in order within a process: the order id, which every
 * event about the order carries as its correlation id. Metadata that is not ours falls back to the
 * stream, which keeps at least that stream's order.
 */
export const keyOfInput = (event: {
  readonly streamId: string;
  readonly metadata: unknown;
}): string => {
  const parsed = correlated.safeParse(event.metadata);
  return parsed.success ? parsed.data.$correlationId : event.streamId;
};
