import { describe, expect, test } from 'vitest';
import { LatencyWindow } from './latency.ts';

describe('a consumer latency window (extra statistics)', () => {
  test('given nothing settled, then there are no measurements', () => {
    const window = new LatencyWindow(() => 0);
    window.sent('a');
    expect(window.measurements().size).toBe(0);
  });

  test('given ten messages settled after 1..10 ms, then the measurements are KurrentDB’s', () => {
    let now = 0;
    const window = new LatencyWindow(() => now);
    for (let ms = 1; ms <= 10; ms++) {
      window.sent(`m${ms}`);
      now += ms;
      window.settled(`m${ms}`);
    }
    expect(Object.fromEntries(window.measurements())).toEqual({
      Mean: 5,
      Meadian: 6,
      fastest: 1,
      '0%': 1,
      '1%': 3,
      '2%': 5,
      '3%': 7,
      '4%': 9,
      '90%': 10,
      '95%': 10,
      '99%': 10,
      '99.5%': 10,
      '99.9%': 10,
      Highest: 10,
    });
  });

  test('given more settled than the window holds, then only the latest count', () => {
    let now = 0;
    const window = new LatencyWindow(() => now, 2);
    for (const ms of [100, 1, 2]) {
      window.sent(String(ms));
      now += ms;
      window.settled(String(ms));
    }
    expect(window.measurements().get('Highest')).toBe(2);
  });

  test('given an id settled twice or never sent, then it counts once or not at all', () => {
    let now = 0;
    const window = new LatencyWindow(() => now);
    window.sent('a');
    now = 4;
    window.settled('a');
    window.settled('a');
    window.settled('never');
    expect(window.measurements().get('Mean')).toBe(4);
    expect(window.measurements().get('Highest')).toBe(4);
  });
});
