import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEventRegistry, eventSchema } from './event.ts';
import type { Event } from './event.ts';
import { InvalidEventData, UnknownEventType, UnsupportedSchemaVersion } from './event-errors.ts';

// A toy history: v1 stored `n` as a string, v2 renamed it `count`, v3 (today) adds `unit`.
type Counted = Event<'Counted', { count: number; unit: string }>;
type Reset = Event<'Reset', { at: string }>;
const upcasts: string[] = [];
const registry = defineEventRegistry<Counted | Reset>(
  z.discriminatedUnion('type', [
    eventSchema('Counted', z.object({ count: z.number().int(), unit: z.string() })),
    eventSchema('Reset', z.object({ at: z.string() })),
  ]),
  {
    Counted: {
      schemaVersion: 3,
      upcasters: {
        1: (v1) => {
          upcasts.push('1→2');
          const { n } = z.object({ n: z.string() }).parse(v1);
          return { count: Number(n) };
        },
        2: (v2) => {
          upcasts.push('2→3');
          return { ...z.object({ count: z.number() }).parse(v2), unit: 'piece' };
        },
      },
    },
    Reset: { schemaVersion: 1 },
  },
);

describe('an event registry', () => {
  it('knows its types and their current versions', () => {
    expect(registry.types).toEqual(['Counted', 'Reset']);
    expect(registry.handles('Counted')).toBe(true);
    expect(registry.handles('toString')).toBe(false);
    expect(registry.currentVersion('Counted')).toBe(3);
  });

  it('upcasts step by step, oldest first, then validates', () => {
    upcasts.length = 0;
    expect(registry.parse('Counted', 1, { n: '7' })).toEqual({
      type: 'Counted',
      data: { count: 7, unit: 'piece' },
    });
    expect(upcasts).toEqual(['1→2', '2→3']);
    upcasts.length = 0;
    expect(registry.parse('Counted', 2, { count: 7 })).toEqual({
      type: 'Counted',
      data: { count: 7, unit: 'piece' },
    });
    expect(upcasts).toEqual(['2→3']);
  });

  it('reports an upcaster that cannot read its input as invalid data at the stored version', () => {
    const attempt = () => registry.parse('Counted', 1, { n: 7 });
    expect(attempt).toThrow(InvalidEventData);
    expect(attempt).toThrow(/Counted v1/);
  });

  it('reports data that fails the current schema after upcasting', () => {
    const error = (() => {
      try {
        registry.parse('Counted', 1, { n: 'seven' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidEventData);
    expect(error).toMatchObject({
      code: 'invalid_event_data',
      eventType: 'Counted',
      schemaVersion: 1,
    });
  });

  it('refuses unknown types and versions outside 1..current', () => {
    expect(() => registry.parse('Exploded', 1, {})).toThrow(UnknownEventType);
    expect(() => registry.parse('__proto__', 1, {})).toThrow(UnknownEventType);
    for (const version of [0, 4, 1.5, Number.NaN]) {
      expect(() => registry.parse('Counted', version, { count: 1, unit: 'x' })).toThrow(
        UnsupportedSchemaVersion,
      );
    }
  });

  it('encodes with the current version and the validated data', () => {
    expect(registry.encode({ type: 'Counted', data: { count: 2, unit: 'kg' } })).toEqual({
      type: 'Counted',
      schemaVersion: 3,
      data: { count: 2, unit: 'kg' },
    });
    expect(() => registry.encode({ type: 'Counted', data: { count: 2.5, unit: 'kg' } })).toThrow(
      InvalidEventData,
    );
  });

  it('cannot be defined with a gap in its upcasters', () => {
    expect(() =>
      defineEventRegistry<Reset>(eventSchema('Reset', z.object({ at: z.string() })), {
        Reset: { schemaVersion: 3, upcasters: { 1: (old) => old } },
      }),
    ).toThrow(/no upcaster from v2/);
  });
});
