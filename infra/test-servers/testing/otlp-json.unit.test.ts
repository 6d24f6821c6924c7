import { describe, expect, it } from 'vitest';
import { flattenTraceRequest, traceRequest } from './otlp-json.ts';

// One line as the collector's file exporter writes it: ids in hex, int64s as strings, enums as
// numbers, fields at their default value left out.
const line = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
      scopeSpans: [
        {
          scope: { name: 'order-ledger' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              parentSpanId: '',
              name: 'append',
              kind: 3,
              startTimeUnixNano: '1700000000000000001',
              endTimeUnixNano: '1700000000000000002',
              attributes: [
                { key: 'revision', value: { intValue: '41' } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'types', value: { arrayValue: { values: [{ stringValue: 'A' }] } } },
                {
                  key: 'peer',
                  value: {
                    kvlistValue: { values: [{ key: 'port', value: { doubleValue: 1.5 } }] },
                  },
                },
              ],
              status: { code: 2, message: 'conflict' },
            },
          ],
        },
      ],
    },
  ],
};

describe('flattening an OTLP JSON trace request', () => {
  it('given a span with every kind of attribute value, then it reads as plain values', () => {
    expect(flattenTraceRequest(traceRequest.parse(line))).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: undefined,
        name: 'append',
        kind: 'client',
        attributes: { revision: 41, ok: true, types: ['A'], peer: { port: 1.5 } },
        serviceName: 'api',
        resourceAttributes: { 'service.name': 'api' },
        scopeName: 'order-ledger',
        statusCode: 2,
        statusMessage: 'conflict',
        startTimeUnixNano: 1700000000000000001n,
        endTimeUnixNano: 1700000000000000002n,
      },
    ]);
  });

  it('given a line that is not a trace request, then parsing it fails', () => {
    expect(() =>
      traceRequest.parse({ resourceSpans: [{ scopeSpans: [{ spans: [{}] }] }] }),
    ).toThrow();
  });
});
