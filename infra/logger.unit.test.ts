import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { componentLogger } from './logger.ts';

describe('component loggers', () => {
  it('name a component within a component once, as outer/inner', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const root = pino({ base: null }, sink);
    componentLogger(componentLogger(root, 'processes'), 'kafka-bridge').info('off');
    componentLogger(root, 'api').info('up');
    expect(lines.map((line) => line.match(/"component"/g)?.length)).toEqual([1, 1]);
    expect(lines.map((line) => (JSON.parse(line) as { component: string }).component)).toEqual([
      'processes/kafka-bridge',
      'api',
    ]);
  });
});
