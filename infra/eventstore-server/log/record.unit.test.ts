import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, RECORD_HEADER_SIZE, type NewLogEntry } from './record.ts';

const entry = (overrides: Partial<NewLogEntry> = {}): NewLogEntry => ({
  stream: 'order-1',
  revision: 0,
  id: '0b3a6f4e-2c1d-4e5f-8a9b-1c2d3e4f5a6b',
  type: 'OrderPlaced',
  isJson: true,
  tombstone: false,
  createdMs: 1_700_000_000_123,
  data: Buffer.from('{"a":1}'),
  metadata: Buffer.from('{"m":"ü"}'),
  ...overrides,
});

describe('log record', () => {
  it('decodes what it encoded, every event of the append, at the offsets it reported', () => {
    const events = [
      entry(),
      entry({ revision: 1, type: 'Ünïcode', isJson: false, data: Buffer.alloc(0) }),
    ];
    const { record, entries } = encodeRecord(events);
    const decoded = decodeRecord(record, 0, record.length);
    expect(decoded.kind).toBe('record');
    if (decoded.kind !== 'record') return;
    expect(decoded.next).toBe(record.length);
    expect(decoded.entries).toEqual(entries);
    expect(decoded.entries.map((e) => [e.stream, e.revision, e.type, e.isJson])).toEqual([
      ['order-1', 0, 'OrderPlaced', true],
      ['order-1', 1, 'Ünïcode', false],
    ]);
    expect(decoded.entries[0]?.offset).toBe(RECORD_HEADER_SIZE + 5);
    expect(decoded.entries[1]?.data.length).toBe(0);
    expect(decoded.entries[0]?.metadata.toString()).toBe('{"m":"ü"}');
  });

  it('keeps the tombstone flag and a revision beyond 32 bits', () => {
    const { record } = encodeRecord([
      entry({ tombstone: true, revision: Number.MAX_SAFE_INTEGER }),
    ]);
    const decoded = decodeRecord(record, 0, record.length);
    expect(decoded.kind === 'record' && decoded.entries[0]).toMatchObject({
      tombstone: true,
      revision: Number.MAX_SAFE_INTEGER,
    });
  });

  it('reports the end of the log when no bytes remain', () => {
    expect(decodeRecord(Buffer.alloc(0), 0, 0)).toEqual({ kind: 'end' });
  });

  it('reports a record cut short anywhere as torn', () => {
    const { record } = encodeRecord([entry()]);
    for (const length of [1, 4, RECORD_HEADER_SIZE, RECORD_HEADER_SIZE + 3, record.length - 1]) {
      expect(decodeRecord(record, 0, length).kind).toBe('torn');
    }
  });

  it('reports a flipped bit anywhere in the record as torn', () => {
    const { record } = encodeRecord([entry(), entry({ revision: 1 })]);
    for (const at of [0, 5, RECORD_HEADER_SIZE, Math.floor(record.length / 2), record.length - 1]) {
      const damaged = Buffer.from(record);
      damaged[at] = (damaged[at] ?? 0) ^ 0x10;
      expect(decodeRecord(damaged, 0, damaged.length).kind).toBe('torn');
    }
  });

  it('reports garbage as torn rather than as data', () => {
    const garbage = Buffer.from('this is not a record at all, just bytes');
    expect(decodeRecord(garbage, 0, garbage.length).kind).toBe('torn');
  });
});
