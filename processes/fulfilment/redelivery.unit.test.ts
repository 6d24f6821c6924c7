import { describe, expect, it } from 'vitest';
import type { FulfilmentCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { FulfilmentInput } from './inputs.ts';
import { initialState } from './state.ts';
import type { Fulfilment } from './state.ts';
import {
  authorized,
  cancelled,
  captured,
  confirmed,
  declined,
  placed,
  policy,
  refunded,
  released,
  reserved,
  retry,
} from './testing/fixtures.ts';

// A persistent subscription delivers at least once, and an input may be decided on a state that
// has moved past it (the fold runs ahead of the subscription, or a runner restarted). What the
// workflow sends must not change: the same commands under the same ids, which are sent once.

const run = (log: readonly FulfilmentInput[], deliveries: readonly FulfilmentInput[]) => {
  let state: Fulfilment = initialState;
  for (const input of log) state = evolve(state, input);
  const sent = new Map<string, FulfilmentCommand>();
  for (const input of deliveries) {
    for (const command of decide(input, state, policy)) sent.set(command.commandId, command);
  }
  return [...sent.values()];
};

const history = [
  placed,
  reserved('SKU-1'),
  reserved('SKU-2'),
  declined('in-declined', 'insufficient_funds', 2),
  retry('payment', 2),
  authorized,
  confirmed,
  captured,
  cancelled(5),
  released('SKU-1', 6),
  released('SKU-2', 6),
  refunded('r-1'),
];

describe('every input delivered again, once the whole history is in the state', () => {
  it('asks for nothing: the order is settled, and only the outcome is left to record', () => {
    const sent = run(history, [...history, ...history]);
    expect(sent.map((command) => command.type)).toEqual(['CompleteFulfilment']);
  });
});

describe('every input delivered twice as it happens (the fold holds each event once)', () => {
  it('asks for one refund, one release per line, and completes the same way', () => {
    let state: Fulfilment = initialState;
    const sent = new Map<string, FulfilmentCommand>();
    for (const input of history) {
      state = evolve(state, input);
      for (const delivery of [input, input]) {
        for (const command of decide(delivery, state, policy)) sent.set(command.commandId, command);
      }
    }
    const types = [...sent.values()].map((command) => command.type);
    expect(types.filter((type) => type === 'RefundPayment')).toHaveLength(1);
    expect(types.filter((type) => type === 'ReleaseStock')).toHaveLength(2);
    expect(types.filter((type) => type === 'AuthorizePayment')).toHaveLength(2);
    expect(types.filter((type) => type === 'CompleteFulfilment')).toHaveLength(1);
  });
});
