import type { LogPosition } from './recorded.ts';

/** What a subscription runner is doing now; the admin API and `npm run projections` show it. */
export interface RunnerStatus {
  readonly name: string;
  /** `standby`: a consumer the group turned away (it has its maximum), waiting to take over. */
  readonly state: 'starting' | 'catching-up' | 'live' | 'retrying' | 'standby' | 'stopped';
  /** The `$all` position of the last event handled (or checkpoint reached). */
  readonly position: LogPosition | undefined;
  readonly handled: number;
  readonly poison: number;
  readonly lastError: string | undefined;
}
