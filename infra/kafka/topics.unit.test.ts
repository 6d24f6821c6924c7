import { describe, expect, it } from 'vitest';
import { parseBrokers } from './client.ts';
import { defaultTopics, topicConfigs } from './topics.ts';

describe('the topics the product creates', () => {
  it('are the four of DESIGN.md and the bridge’s progress topic, laid out as configured', () => {
    const configs = topicConfigs(defaultTopics, { partitions: 6, replicationFactor: 1 });
    expect(
      configs.map((config) => [config.topic, config.numPartitions, config.replicationFactor]),
    ).toEqual([
      ['orders.events.v1', 6, 1],
      ['inventory.events.v1', 6, 1],
      ['payments.events.v1', 6, 1],
      ['ops.deadletter.v1', 6, 1],
      ['ops.kafka-bridge.progress.v1', 6, 1],
    ]);
  });

  it('compact the progress topic and only it', () => {
    const configs = topicConfigs(defaultTopics, { partitions: 1, replicationFactor: 1 });
    const compacted = configs.filter((config) =>
      config.configEntries?.some(
        (entry) => entry.name === 'cleanup.policy' && entry.value === 'compact',
      ),
    );
    expect(compacted.map((config) => config.topic)).toEqual(['ops.kafka-bridge.progress.v1']);
  });

  it('need two in-sync replicas for acks=all once there are three replicas', () => {
    const minIsr = (replicationFactor: number) =>
      topicConfigs(defaultTopics, { partitions: 1, replicationFactor })[0]?.configEntries?.find(
        (entry) => entry.name === 'min.insync.replicas',
      )?.value;
    expect(minIsr(1)).toBeUndefined();
    expect(minIsr(2)).toBe('1');
    expect(minIsr(3)).toBe('2');
  });
});

describe('KAFKA_BROKERS', () => {
  it('is a comma-separated list; blanks and spaces do not count', () => {
    expect(parseBrokers(' a:9092, b:9092 ,,')).toEqual(['a:9092', 'b:9092']);
  });
});
