import type { KafkaTopics } from '../../infra/kafka/topics.ts';
import { eventContracts, jsonSchemaOf, topicEvents, type JsonSchema } from './event-contracts.ts';
import type { EventContract } from './event-contracts.ts';
import { deadLetterHeadersSchema, deadLetterPayloadSchema, eventHeadersSchema } from './headers.ts';

// Kafka binding versions the document's bindings follow (AsyncAPI's kafka binding spec).
const kafkaBinding = '0.5.0';

const messageId = (contract: EventContract): string =>
  `${contract.type}.v${String(contract.version)}`;

const eventMessage = (contract: EventContract): JsonSchema => ({
  name: contract.type,
  title: `${contract.type}, schema version ${String(contract.version)}`,
  contentType: 'application/json',
  headers: jsonSchemaOf(eventHeadersSchema(contract.category, contract.type, contract.version)),
  payload: contract.payload,
  correlationId: { location: '$message.header#/correlation-id' },
  bindings: {
    kafka: {
      key: { type: 'string', minLength: 1, description: contract.key },
      bindingVersion: kafkaBinding,
    },
  },
});

const deadLetterMessage: JsonSchema = {
  name: 'DeadLetter',
  title: 'An event a subscription parked',
  summary:
    'A stored event that could not be read or handled; it stays parked in EventStoreDB as well.',
  contentType: 'application/json',
  headers: jsonSchemaOf(deadLetterHeadersSchema),
  payload: jsonSchemaOf(deadLetterPayloadSchema),
  bindings: {
    kafka: {
      key: { type: 'string', minLength: 1, description: 'the parked event’s stream name' },
      bindingVersion: kafkaBinding,
    },
  },
};

const messageRefs = (ids: readonly string[]): Record<string, JsonSchema> =>
  Object.fromEntries(ids.map((id) => [id, { $ref: `#/components/messages/${id}` }]));

const topicSummary: Record<string, string> = {
  orders: 'Every order event, keyed by order id.',
  inventory: 'Every stock event, keyed by sku.',
  payments: 'Every payment event, keyed by order id.',
};

/**
 * The AsyncAPI 3.0 document of every topic the product writes, generated from the zod schemas
 * that check the events (so it cannot say other than what the bridge sends). `topics` names the
 * topics: production's are DESIGN.md's, tests pass their own.
 */
export const asyncApiDocument = (
  topics: KafkaTopics,
  info: { title: string; version: string },
): JsonSchema => {
  const contracts = eventContracts();
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const { topic } of topicEvents) {
    const ids = contracts.filter((contract) => contract.topic === topic).map(messageId);
    channels[topic] = {
      address: topics[topic],
      title: topics[topic],
      summary: topicSummary[topic],
      messages: messageRefs(ids),
    };
    operations[`publish-${topic}`] = {
      action: 'send',
      summary: `The Kafka bridge publishes each stored ${topic} event, once, in stream order.`,
      channel: { $ref: `#/channels/${topic}` },
      messages: ids.map((id) => ({ $ref: `#/channels/${topic}/messages/${id}` })),
    };
  }
  channels.deadLetter = {
    address: topics.deadLetter,
    title: topics.deadLetter,
    summary: 'Events a persistent subscription parked (unreadable, or failing for good).',
    messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
  };
  operations['publish-dead-letter'] = {
    action: 'send',
    summary: 'A subscription publishes each event it parks.',
    channel: { $ref: '#/channels/deadLetter' },
    messages: [{ $ref: '#/channels/deadLetter/messages/DeadLetter' }],
  };
  return {
    asyncapi: '3.0.0',
    info: {
      ...info,
      description:
        'The domain events of Order Ledger on Kafka: one record per stored event, its value the ' +
        'event data as JSON at the version in `schema-version`.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'The deployment’s brokers (KAFKA_BROKERS); the host here is a placeholder.',
      },
    },
    channels,
    operations,
    components: {
      messages: {
        ...Object.fromEntries(
          contracts.map((contract) => [messageId(contract), eventMessage(contract)]),
        ),
        DeadLetter: deadLetterMessage,
      },
    },
  };
};
