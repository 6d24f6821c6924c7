import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { TimerPurpose } from './events-decided.ts';
import type { SagaEvent } from './events.ts';
import { evolve } from './evolve.ts';
import type { FulfilmentPolicy } from './policy.ts';
import type { Fulfilment, StartedFulfilment } from './state.ts';

export type PlanContext = {
  readonly policy: FulfilmentPolicy;
  readonly now: Date;
  /** The id of the input being handled: every command id is derived from it. */
  readonly cause: string;
};

/**
 * The events one decision emits, folded into the state as they are added, so each step decides
 * on what the steps before it already asked for and nothing is asked twice.
 */
export class Plan {
  readonly context: PlanContext;
  readonly events: SagaEvent[] = [];
  #state: Fulfilment;

  constructor(state: Fulfilment, context: PlanContext) {
    this.#state = state;
    this.context = context;
  }

  get state(): Fulfilment {
    return this.#state;
  }

  /** The state when the saga has started, else undefined. */
  started(): StartedFulfilment | undefined {
    return this.#state.stage === 'unstarted' ? undefined : this.#state;
  }

  emit(event: SagaEvent): void {
    this.events.push(event);
    this.#state = evolve(this.#state, event);
  }

  /** Same input, same kind, same subject: the same command id, however often it is decided. */
  commandId(kind: string, ...subject: readonly (string | number)[]): string {
    return deterministicId(this.context.cause, kind, ...subject);
  }

  schedule(purpose: TimerPurpose, timerId: string, attempt: number, delayMs: number): void {
    const fireAt = new Date(this.context.now.getTime() + delayMs).toISOString();
    this.emit({ type: 'TimerScheduled', data: { timerId, purpose, attempt, fireAt } });
  }

  cancelTimers(purposes: readonly TimerPurpose[]): void {
    const state = this.started();
    if (state === undefined) return;
    for (const [timerId, timer] of Object.entries(state.timers)) {
      if (timer.status === 'scheduled' && purposes.includes(timer.purpose)) {
        this.emit({ type: 'TimerCancelled', data: { timerId } });
      }
    }
  }
}

export const timerIds = {
  reservation: 'reservation-timeout',
  declineGrace: (decline: number) => `decline-grace-${decline}`,
  shippingRetry: (attempt: number) => `shipping-retry-${attempt}`,
  deliveryCheck: (check: number) => `delivery-check-${check}`,
};
