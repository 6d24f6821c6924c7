import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultTopics } from '../../infra/kafka/topics.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { contractDrift } from './drift.ts';
import { eventContracts } from './event-contracts.ts';
import { asyncApiInfo } from './info.ts';
import { readCommittedContract } from './testing/committed.ts';
import { parseAsyncApi, recordChecker } from './testing/validator.ts';

describe('the AsyncAPI document', () => {
  it('parses without errors, with a channel per topic at its DESIGN.md address', async () => {
    const { parsed, errors } = await parseAsyncApi(asyncApiDocument(defaultTopics, asyncApiInfo));
    expect(errors).toEqual([]);
    const channels = parsed?.channels().all() ?? [];
    expect(channels.map((channel) => channel.address()).sort()).toEqual(
      ['inventory.events.v1', 'ops.deadletter.v1', 'orders.events.v1', 'payments.events.v1'].sort(),
    );
    const orders = channels.find((channel) => channel.address() === 'orders.events.v1');
    expect(
      orders
        ?.messages()
        .all()
        .map((message) => message.id()),
    ).toContain('OrderPlaced.v4');
    expect(
      parsed
        ?.operations()
        .all()
        .every((operation) => operation.action() === 'send'),
    ).toBe(true);
  });

  it('given a record the document does not describe, then the check says what is wrong', async () => {
    const { parsed } = await parseAsyncApi(asyncApiDocument(defaultTopics, asyncApiInfo));
    if (parsed === undefined) throw new Error('the document did not parse');
    const check = recordChecker(parsed);
    const headers = {
      'event-type': 'OrderConfirmed',
      'event-id': randomUUID(),
      'stream-id': 'order-o-1',
      'stream-revision': '1',
      'correlation-id': 'o-1',
      'causation-id': 'c-1',
      'schema-version': '1',
      'content-type': 'application/json',
    };
    const record = { topic: defaultTopics.orders, key: 'o-1', headers };
    expect(
      check({
        ...record,
        value: JSON.stringify({ orderId: 'o-1', confirmedAt: '2025-03-01T10:00:00Z' }),
      }),
    ).toEqual([]);
    expect(check({ ...record, value: JSON.stringify({ orderId: 'o-1' }) }).join('\n')).toMatch(
      /OrderConfirmed\.v1: payload: .*confirmedAt/,
    );
    expect(
      check({ ...record, headers: { ...headers, 'schema-version': '2' }, value: '{}' }).join('\n'),
    ).toMatch(/fits no message/);
  });

  it('given a dangling reference, then parsing reports it as an error', async () => {
    const document = asyncApiDocument(defaultTopics, asyncApiInfo);
    const { errors } = await parseAsyncApi({
      ...document,
      channels: { orders: { address: 'x', messages: { M: { $ref: '#/components/messages/M' } } } },
    });
    expect(errors.join('\n')).toMatch(/M/);
  });

  it('is the one committed in contracts/ (else run `npm run contracts`)', () => {
    expect(readCommittedContract('asyncapi.json')).toEqual(
      asyncApiDocument(defaultTopics, asyncApiInfo),
    );
  });
});

describe('the event contracts', () => {
  it('match the committed JSON Schema of every event type at its current version', () => {
    const drift = contractDrift(eventContracts(), defaultTopics, readCommittedContract);
    expect(drift.map((found) => found.message)).toEqual([]);
  });

  it('given an event schema changed without a new version, then the change is refused', () => {
    const [placed, ...others] = eventContracts();
    if (placed === undefined) throw new Error('no contracts');
    const changed = {
      ...placed,
      payload: { ...placed.payload, properties: { coupon: { type: 'string' } } },
    };
    const drift = contractDrift([changed, ...others], defaultTopics, readCommittedContract);
    expect(drift.map(({ kind, file }) => ({ kind, file }))).toEqual([
      {
        kind: 'changed',
        file: `schemas/orders.events.v1/${placed.type}.v${String(placed.version)}.json`,
      },
    ]);
    expect(drift[0]?.message).toMatch(/bump its schemaVersion/);
  });

  it('given a new version, then it only asks for `npm run contracts`', () => {
    const [placed, ...others] = eventContracts();
    if (placed === undefined) throw new Error('no contracts');
    const bumped = { ...placed, version: placed.version + 1, payload: {} };
    const drift = contractDrift([bumped, ...others], defaultTopics, readCommittedContract);
    expect(drift.map(({ kind, file }) => ({ kind, file }))).toEqual([
      {
        kind: 'unwritten',
        file: `schemas/orders.events.v1/${placed.type}.v${String(bumped.version)}.json`,
      },
    ]);
    expect(drift[0]?.message).toMatch(/npm run contracts/);
  });
});
