import { FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { decodeResolved } from '../../infra/eventstore/recorded.ts';
import { evolve } from './evolve.ts';
import { inputOf, workflowCodec } from './inputs.ts';
import { initialState } from './state.ts';
import type { Fulfilment } from './state.ts';

/**
 * One order's workflow, folded from every event correlated with it: EventStoreDB's by-correlation
 * stream `$bc-{orderId}` links its order, payment and saga events and the inventory events the
 * saga caused, in log order.
 */
export const loadFulfilment = async (
  client: EventStoreDBClient,
  orderId: string,
): Promise<Fulfilment> => {
  let state = initialState;
  try {
    for await (const resolved of client.readStream(`$bc-${orderId}`, {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos: true,
    })) {
      if (resolved.event === undefined || !workflowCodec.handles(resolved.event.type)) continue;
      state = evolve(state, inputOf(decodeResolved(resolved, workflowCodec)));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return initialState;
    throw error;
  }
  return state;
};
