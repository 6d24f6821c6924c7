import { describe, expect, it } from 'vitest';
import { DELETED_REVISION, type EventRecord } from '../store/records.ts';
import { persistent, streams } from './proto.ts';
import { encodeReadEventResponse } from './wire.ts';

const record = (overrides: Partial<EventRecord> = {}): EventRecord => ({
  position: 123_456_789_012,
  stream: 'order-ü1',
  revision: 300,
  id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  type: 'OrderPlaced',
  isJson: true,
  tombstone: false,
  createdMs: 1_700_000_000_123,
  data: Buffer.from('{"total":1999}'),
  metadata: Buffer.from('{"$correlationId":"x"}'),
  ...overrides,
});

describe('hand-written ReadResp encoding', () => {
  it('decodes with the generated streams classes to the same fields', () => {
    const bytes = encodeReadEventResponse({ event: record(), link: undefined }, 'string', {
      commitPosition: 123_456_789_012,
    });
    const event = streams.ReadResp.deserializeBinary(bytes).getEvent();
    const recorded = event?.getEvent();
    expect(event?.getCommitPosition()).toBe('123456789012');
    expect(event?.hasLink()).toBe(false);
    expect(recorded?.getId()?.getString()).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479');
    expect(
      Buffer.from(recorded?.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString(),
    ).toBe('order-ü1');
    expect(recorded?.getStreamRevision()).toBe('300');
    expect(recorded?.getPreparePosition()).toBe('123456789012');
    expect(recorded?.getCommitPosition()).toBe('123456789012');
    expect(recorded?.getMetadataMap().get('type')).toBe('OrderPlaced');
    expect(recorded?.getMetadataMap().get('content-type')).toBe('application/json');
    expect(recorded?.getMetadataMap().get('created')).toBe('17000000001230000');
    expect(Buffer.from(recorded?.getData_asU8() ?? []).toString()).toBe('{"total":1999}');
    expect(Buffer.from(recorded?.getCustomMetadata_asU8() ?? []).toString()).toBe(
      '{"$correlationId":"x"}',
    );
  });

  it('writes revision 0, empty data, a link, no position and a tombstone revision correctly', () => {
    const link = record({
      type: '$>',
      revision: DELETED_REVISION,
      data: Buffer.from('0@order-1'),
      isJson: false,
    });
    const bytes = encodeReadEventResponse(
      { event: record({ revision: 0, data: Buffer.alloc(0), metadata: Buffer.alloc(0) }), link },
      'string',
      { commitPosition: undefined },
    );
    const event = streams.ReadResp.deserializeBinary(bytes).getEvent();
    expect(event?.hasNoPosition()).toBe(true);
    expect(event?.getEvent()?.getStreamRevision()).toBe('0');
    expect(event?.getEvent()?.getData_asU8().length).toBe(0);
    expect(event?.getLink()?.getStreamRevision()).toBe('9223372036854775807');
    expect(event?.getLink()?.getMetadataMap().get('content-type')).toBe('application/octet-stream');
  });

  it('adds the retry count and structured ids for persistent subscriptions', () => {
    const bytes = encodeReadEventResponse({ event: record(), link: undefined }, 'structured', {
      commitPosition: 99,
      retryCount: 3,
    });
    const event = persistent.ReadResp.deserializeBinary(bytes).getEvent();
    expect(event?.getRetryCount()).toBe(3);
    const structured = event?.getEvent()?.getId()?.getStructured();
    const hex =
      (BigInt.asUintN(64, BigInt(structured?.getMostSignificantBits() ?? '0')) << 64n) |
      BigInt.asUintN(64, BigInt(structured?.getLeastSignificantBits() ?? '0'));
    expect(hex.toString(16).padStart(32, '0')).toBe('f47ac10b58cc4372a5670e02b2c3d479');
  });
});
