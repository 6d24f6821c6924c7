import { isDeepStrictEqual } from 'node:util';
import type { KafkaTopics } from '../../infra/kafka/topics.ts';
import { schemaFileOf, type EventContract, type JsonSchema } from './event-contracts.ts';

/** What a committed schema file says, without the lines `npm run contracts` adds around it. */
const committedPayload = (file: JsonSchema): JsonSchema => {
  const { $schema: _dialect, title: _title, ...payload } = file;
  return payload;
};

export interface Drift {
  /** `changed`: the schema of a published version changed; `unwritten`: no file for it yet. */
  readonly kind: 'changed' | 'unwritten';
  readonly file: string;
  readonly message: string;
}

/**
 * How the event schemas differ from the committed contracts: a published version must never
 * change, so a changed schema at the same version is a broken contract, while a version with no
 * file yet only needs `npm run contracts`. `read` gives a committed file's JSON, or undefined.
 */
export const contractDrift = (
  contracts: readonly EventContract[],
  topics: KafkaTopics,
  read: (file: string) => JsonSchema | undefined,
): Drift[] =>
  contracts.flatMap((contract): Drift[] => {
    const file = schemaFileOf(contract, topics);
    const committed = read(file);
    const name = `${contract.type} v${String(contract.version)}`;
    if (committed === undefined) {
      const message = `${name} has no contracts/${file}: a new type or version; run \`npm run contracts\``;
      return [{ kind: 'unwritten', file, message }];
    }
    if (isDeepStrictEqual(committedPayload(committed), contract.payload)) return [];
    const message =
      `${name} no longer matches contracts/${file}: a published version never changes; bump its ` +
      `schemaVersion (with an upcaster from v${String(contract.version)}) and run \`npm run contracts\``;
    return [{ kind: 'changed', file, message }];
  });
