import type { Light } from './health-schema.ts';

/** Behind by more than this (seconds), a running component shows amber. */
export const behindAfterSeconds = 30;

const running = (lagSeconds: number | null): { light: Light; state: string } =>
  lagSeconds !== null && lagSeconds > behindAfterSeconds
    ? { light: 'warn', state: `Behind by ${Math.round(lagSeconds)} s` }
    : { light: 'ok', state: 'Running' };

/** A read model's light and words, from the state its process reports and its lag. */
export const projectionLight = (state: string, lagSeconds: number | null) => {
  switch (state) {
    case 'stopped':
      return { light: 'down' as const, state: 'Stopped: no process reports it' };
    case 'retrying':
      return { light: 'warn' as const, state: 'Retrying after a failure' };
    case 'rebuilding':
      return { light: 'ok' as const, state: 'Rebuilding' };
    case 'catching-up':
      return lagSeconds !== null && lagSeconds > behindAfterSeconds
        ? running(lagSeconds)
        : { light: 'ok' as const, state: 'Catching up' };
    default:
      return running(lagSeconds);
  }
};

/** A persistent group's light and words: a consumer connected, parked messages, lag. */
export const groupState = (connections: number, parked: number, lagSeconds: number) => {
  if (connections === 0) return { light: 'down' as const, state: 'Stopped: no consumer connected' };
  const shown = running(lagSeconds);
  if (parked > 0 && shown.light === 'ok')
    return { light: 'warn' as const, state: `Running, ${parked} parked` };
  return shown;
};
