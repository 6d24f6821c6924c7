import { describe, expect, it } from 'vitest';
import { groupState, projectionLight } from './lights.ts';

describe('the light of a persistent subscription group', () => {
  it('given no consumer connected, then red and it says so', () => {
    expect(groupState(0, 0, 0)).toEqual({ light: 'down', state: 'Stopped: no consumer connected' });
  });
  it('given a consumer and nothing behind, then green: running', () => {
    expect(groupState(1, 0, 0.4)).toEqual({ light: 'ok', state: 'Running' });
  });
  it('given parked messages, then amber naming how many', () => {
    expect(groupState(1, 3, 0)).toEqual({ light: 'warn', state: 'Running, 3 parked' });
  });
  it('given over 30 s behind, then amber with the lag', () => {
    expect(groupState(2, 0, 95.4)).toEqual({ light: 'warn', state: 'Behind by 95 s' });
  });
});

describe('the light of a projection', () => {
  it('given no process reporting it, then red and it says so', () => {
    expect(projectionLight('stopped', null)).toEqual({
      light: 'down',
      state: 'Stopped: no process reports it',
    });
  });
  it('given live and caught up, then green', () => {
    expect(projectionLight('live', 0)).toEqual({ light: 'ok', state: 'Running' });
  });
  it('given retrying, then amber', () => {
    expect(projectionLight('retrying', 0).light).toBe('warn');
  });
  it('given catching up but far behind, then amber with the lag', () => {
    expect(projectionLight('catching-up', 120)).toEqual({
      light: 'warn',
      state: 'Behind by 120 s',
    });
  });
});
