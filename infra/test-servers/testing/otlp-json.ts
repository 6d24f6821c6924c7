import { z } from 'zod';

/** An attribute value as a test compares it: OTLP's AnyValue without its wrapping. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

/** One span the receiver got, flattened from OTLP JSON. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKindName;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** The resource's `service.name`. */
  readonly serviceName: string | undefined;
  readonly resourceAttributes: Readonly<Record<string, AttributeValue>>;
  readonly scopeName: string | undefined;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly statusMessage: string | undefined;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
}

const spanKinds = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKindName = (typeof spanKinds)[number];

// OTLP JSON (the collector's file exporter writes one ExportTraceServiceRequest per line). int64s
// are strings, ids are hex, enums are numbers; fields at their default value are left out.
type AnyValueJson = {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: number | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: AnyValueJson[] | undefined } | undefined;
  kvlistValue?: { values?: KeyValueJson[] | undefined } | undefined;
};
type KeyValueJson = { key: string; value?: AnyValueJson | undefined };

const anyValue: z.ZodType<AnyValueJson> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
  }),
);
const keyValue: z.ZodType<KeyValueJson> = z.lazy(() =>
  z.object({ key: z.string(), value: anyValue.optional() }),
);
const attributes = z.array(keyValue).default([]);
const nanos = z.union([z.string(), z.number()]).default('0');

const span = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number().int().min(0).max(5).default(0),
  attributes,
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  status: z.object({ code: z.number().optional(), message: z.string().optional() }).default({}),
});

export const traceRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).default({ attributes: [] }),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional() }).optional(),
              spans: z.array(span).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** The spans of one ExportTraceServiceRequest in OTLP JSON, in the order they came. */
export const flattenTraceRequest = (request: z.infer<typeof traceRequest>): ReceivedSpan[] =>
  request.resourceSpans.flatMap(({ resource, scopeSpans }) => {
    const resourceAttributes = flattenAttributes(resource.attributes);
    const serviceName = resourceAttributes['service.name'];
    return scopeSpans.flatMap(({ scope, spans }) =>
      spans.map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        name: s.name,
        kind: spanKinds[s.kind] ?? 'unspecified',
        attributes: flattenAttributes(s.attributes),
        serviceName: typeof serviceName === 'string' ? serviceName : undefined,
        resourceAttributes,
        scopeName: scope?.name,
        statusCode: s.status.code ?? 0,
        statusMessage: s.status.message,
        startTimeUnixNano: BigInt(s.startTimeUnixNano),
        endTimeUnixNano: BigInt(s.endTimeUnixNano),
      })),
    );
  });

const flattenAttributes = (list: readonly KeyValueJson[]): Record<string, AttributeValue> =>
  Object.fromEntries(list.map(({ key, value }) => [key, unwrap(value)]));

const unwrap = (value: AnyValueJson | undefined): AttributeValue => {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(unwrap);
  if (value.kvlistValue !== undefined) return flattenAttributes(value.kvlistValue.values ?? []);
  return null;
};
