import { DomainError } from '../../domain/shared/errors.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Clock } from '../ports/clock.ts';
import type { FulfilmentCommand } from './commands.ts';
import { decide } from './decide.ts';
import type { WorkflowFold } from './fold.ts';
import type { FulfilmentInput } from './inputs.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { sagaActor } from './records.ts';
import type { Sender } from './send.ts';

export interface WorkflowRunner {
  /**
   * Decides on the order's folded state with `input` in it and sends what was decided, one order
   * at a time; resolves with how many commands were sent. Throws when a command could not be sent
   * for a reason other than a business refusal, so the input is retried.
   */
  run(orderId: string, input: FulfilmentInput): Promise<number>;
}

export const createWorkflowRunner = (deps: {
  fold: WorkflowFold;
  send: Sender;
  policy: FulfilmentPolicy;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}): WorkflowRunner => {
  const { fold, send, policy, clock, logger } = deps;
  // Commands sent per order by this process: what the fold does not show yet is not sent twice.
  const sent = new Map<string, Set<string>>();
  // Orders whose carrier just told an estimate: decided on again at once, not at the next timer.
  const told = new Set<string>();
  const queues = new Map<string, Promise<unknown>>();
  const counted = deps.metrics.counter(
    'fulfilment_commands_dispatched_total',
    'Commands the fulfilment saga sent, by command and outcome',
    ['decision', 'outcome'],
  );
  const completed = deps.metrics.counter(
    'fulfilment_sagas_completed_total',
    'Sagas completed, by outcome',
    ['outcome'],
  );

  const sendOne = async (orderId: string, command: FulfilmentCommand): Promise<boolean> => {
    const { commandId, causationId } = command;
    const cause = { orderId, causationId, commandId, actor: sagaActor, now: clock.now() };
    try {
      const result = await send(cause, command);
      const outcome = typeof result === 'string' ? result : result.outcome;
      counted.inc({ decision: command.type, outcome });
      if (typeof result !== 'string') {
        const { estimatedDeliveryAt } = result;
        const at = clock.now().toISOString();
        const estimate = estimatedDeliveryAt === undefined ? {} : { estimatedDeliveryAt };
        fold.apply(orderId, { kind: 'in_transit', at, ...estimate });
        if (estimatedDeliveryAt !== undefined) told.add(orderId);
      }
      if (command.type === 'CompleteFulfilment') completed.inc({ outcome: command.outcome });
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) {
        counted.inc({ decision: command.type, outcome: 'failed' });
        throw error;
      }
      // The order moved on meanwhile (the events that explain why reach the fold soon).
      counted.inc({ decision: command.type, outcome: 'refused' });
      logger.info(
        { orderId, command: command.type, code: error.code, reason: error.message },
        'command refused',
      );
      return false;
    }
  };

  const runNow = async (orderId: string, input: FulfilmentInput): Promise<number> => {
    if (fold.isCompleted(orderId)) {
      sent.delete(orderId);
      return 0;
    }
    const state = fold.state(orderId);
    const done = sent.get(orderId) ?? new Set<string>();
    sent.set(orderId, done);
    let count = 0;
    for (const command of decide(input, state, policy)) {
      if (done.has(command.commandId)) continue;
      if (await sendOne(orderId, command)) done.add(command.commandId);
      count += 1;
    }
    if (told.delete(orderId))
      count += await runNow(orderId, { kind: 'clock', at: clock.now().toISOString() });
    return count;
  };

  return {
    run: (orderId, input) => {
      const before = queues.get(orderId) ?? Promise.resolve();
      const next = before.catch(() => undefined).then(() => runNow(orderId, input));
      const settled = next.catch(() => undefined);
      queues.set(orderId, settled);
      void settled.then(() => {
        if (queues.get(orderId) === settled) queues.delete(orderId);
      });
      return next;
    },
  };
};
