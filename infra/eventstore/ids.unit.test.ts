import { describe, expect, it } from 'vitest';
import { deterministicId } from './ids.ts';

describe('deterministicId', () => {
  it('is a version-5 UUID that depends on every part and only on them', () => {
    const id = deterministicId('event-1', 'ReserveStock', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('event-1', 'ReserveStock', 0)).toBe(id);
    expect(deterministicId('event-1', 'ReserveStock', 1)).not.toBe(id);
    expect(deterministicId('event-1', 'ReserveStoc', 'k0')).not.toBe(
      deterministicId('event-1', 'ReserveStock', 0),
    );
  });
});
