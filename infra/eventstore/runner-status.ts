import type { LogPosition } from './recorded.ts';

/** What a subscription runner is doing now; the admin API and `npm run projections` show it. */
export interface RunnerStatus {
  readonly name: string;
  readonly state: 'starting' | 'catching-up' | 'live' | 'retrying' | 'stopped';
  /** The `$all` position of the last event handled (or checkpoint reached). */
  readonly position: LogPosition | undefined;
  readonly handled: number;
  readonly poison: number;
  readonly lastError: string | undefined;
}
