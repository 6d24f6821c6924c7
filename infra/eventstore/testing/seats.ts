import type { Decider } from '../aggregate-cache.ts';
import type { EventCodec } from '../codec.ts';

// A small aggregate of our own, so the command handler's tests test the handler and not any
// domain: seats that can be taken until none are left.
export type SeatEvent =
  { type: 'SeatTaken'; data: { by: string } } | { type: 'SeatRefused'; data: { by: string } };
export type Take = { type: 'Take'; by: string };
export const capacity = 25;

export const seats: Decider<Take, SeatEvent, { taken: number }> = {
  initialState: { taken: 0 },
  decide: (command, state) => [
    { type: state.taken < capacity ? 'SeatTaken' : 'SeatRefused', data: { by: command.by } },
  ],
  evolve: (state, event) => (event.type === 'SeatTaken' ? { taken: state.taken + 1 } : state),
};

export const seatCodec: EventCodec<SeatEvent> = {
  handles: (type) => type === 'SeatTaken' || type === 'SeatRefused',
  parse: (type, _version, data) => {
    if (
      (type === 'SeatTaken' || type === 'SeatRefused') &&
      typeof data === 'object' &&
      data !== null &&
      'by' in data &&
      typeof data.by === 'string'
    ) {
      return { type, data: { by: data.by } };
    }
    throw new Error(`not a seat event: ${type}`);
  },
  currentVersion: () => 1,
};

export const take = (by: string): SeatEvent => ({ type: 'SeatTaken', data: { by } });

/** A command's context: only its id matters to these tests. */
export const seatContext = (commandId: string) => ({
  commandId,
  correlationId: 'test',
  causationId: 'test',
  actor: 'tester',
  now: new Date(),
});
