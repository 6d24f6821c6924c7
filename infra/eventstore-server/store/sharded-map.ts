/** Shards a ShardedMap spreads its keys over. */
const SHARDS = 64;

/**
 * A string-keyed map over several Maps. One V8 Map holds at most 2^24 (16.7 million) entries and
 * throws past that, and the store keeps one entry per event id and one per stream: a million
 * seeded orders are 13.5 million events, so one Map would stop the log a little past that.
 * Keys are spread by a hash of their last characters, which differ most in ids and stream names.
 */
export class ShardedMap<V> {
  private readonly shards = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  set(key: string, value: V): void {
    this.shardOf(key).set(key, value);
  }

  get size(): number {
    return this.shards.reduce((total, shard) => total + shard.size, 0);
  }

  /** How many keys each shard holds: the fullest one is what meets the limit first. */
  get shardSizes(): number[] {
    return this.shards.map((shard) => shard.size);
  }

  private shardOf(key: string): Map<string, V> {
    // FNV-1a over the last 12 characters.
    let hash = 0x811c9dc5;
    for (let at = Math.max(0, key.length - 12); at < key.length; at++) {
      hash = Math.imul(hash ^ key.charCodeAt(at), 0x01000193);
    }
    const shard = this.shards[(hash >>> 0) % SHARDS];
    if (shard === undefined) throw new Error('ShardedMap: no shard');
    return shard;
  }
}
