import { z } from 'zod';
import { inventoryEvents } from '../../domain/inventory/events.ts';
import { orderEvents } from '../../domain/order/events.ts';
import { paymentEvents } from '../../domain/payment/events.ts';
import type { AnyEvent, EventRegistry } from '../../domain/shared/event.ts';
import type { KafkaTopics } from '../../infra/kafka/topics.ts';

export type JsonSchema = Record<string, unknown>;

/** The bridged topics (processes/kafka-bridge/mapping.ts): which aggregate's events each carries. */
export type EventTopic = 'orders' | 'inventory' | 'payments';

interface TopicEvents {
  readonly topic: EventTopic;
  readonly registry: EventRegistry<AnyEvent>;
  /** The stream category the topic's events come from: `order-<id>` is keyed by `<id>`. */
  readonly category: string;
  readonly key: string;
}

export const topicEvents: readonly TopicEvents[] = [
  { topic: 'orders', registry: orderEvents, category: 'order', key: 'the order id' },
  { topic: 'inventory', registry: inventoryEvents, category: 'inventory', key: 'the sku' },
  {
    topic: 'payments',
    registry: paymentEvents,
    category: 'payment',
    key: 'the order id (one payment stream per order)',
  },
];

/** One event type at one schema version on one topic: what a consumer can rely on. */
export interface EventContract {
  readonly topic: EventTopic;
  readonly type: string;
  readonly version: number;
  readonly category: string;
  readonly key: string;
  /** The JSON Schema of the record's value, from the zod schema that checks the event. */
  readonly payload: JsonSchema;
}

// Draft 7 is the dialect AsyncAPI's own Schema Object builds on. `output`: what the producer
// writes (zod strips unknown keys when it encodes, so nothing else is ever stored).
export const jsonSchemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    unrepresentable: 'any',
  });
  return rest;
};

const dataSchemaOf = (union: JsonSchema, type: string): JsonSchema => {
  const members = Array.isArray(union.oneOf) ? union.oneOf : union.anyOf;
  const member = z
    .array(
      z.object({
        properties: z.object({ type: z.object({ const: z.string() }), data: z.looseObject({}) }),
      }),
    )
    .parse(members)
    .find((candidate) => candidate.properties.type.const === type);
  if (member === undefined) throw new Error(`no schema for ${type} in its registry`);
  return member.properties.data;
};

/**
 * Every event type's current version, per topic. Older versions are not listed: their zod
 * schemas live inside their upcasters, and their JSON Schemas stay frozen in contracts/schemas.
 */
export const eventContracts = (): EventContract[] =>
  topicEvents.flatMap(({ topic, registry, category, key }) => {
    const union = jsonSchemaOf(registry.schema);
    return registry.types.map((type) => ({
      topic,
      type,
      version: registry.currentVersion(type),
      category,
      key,
      payload: dataSchemaOf(union, type),
    }));
  });

/** Where `npm run contracts` writes an event's JSON Schema, under contracts/. */
export const schemaFileOf = (contract: EventContract, topics: KafkaTopics): string =>
  `schemas/${topics[contract.topic]}/${contract.type}.v${String(contract.version)}.json`;
