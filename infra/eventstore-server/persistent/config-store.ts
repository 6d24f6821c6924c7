import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../logger.ts';
import { readStream } from '../store/reads.ts';
import { ExpectedVersion, metastreamOf, SystemEventTypes } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { definitionSchema, type GroupDefinition } from './settings.ts';

/** Where EventStoreDB keeps its persistent subscription definitions, and the event type it uses. */
export const CONFIG_STREAM = '$persistentSubscriptionConfig';
const CONFIG_EVENT_TYPE = 'PersistentConfig1';

const configSchema = z.object({ version: z.string(), entries: z.array(z.unknown()) });

/** Reads the definitions saved last; entries that do not parse are logged and left out. */
export const loadDefinitions = (store: Store, logger: Logger): GroupDefinition[] => {
  const read = readStream(store, CONFIG_STREAM, {
    from: 'end',
    direction: 'backwards',
    maxCount: 1,
    resolveLinks: false,
  });
  const last = read.kind === 'ok' ? read.events[0]?.event : undefined;
  if (last === undefined) return [];
  let config: z.infer<typeof configSchema>;
  try {
    config = configSchema.parse(JSON.parse(last.data.toString('utf8')));
  } catch (error) {
    logger.error(
      { err: error },
      'persistent subscriptions: configuration unreadable; starting with none',
    );
    return [];
  }
  return config.entries.flatMap((entry) => {
    const parsed = definitionSchema.safeParse(entry);
    if (parsed.success) return [{ ...parsed.data, filter: parsed.data.filter ?? undefined }];
    logger.error(
      { entry, issues: parsed.error.issues },
      'persistent subscriptions: ignoring a malformed group',
    );
    return [];
  });
};

/**
 * Saves every definition as one `PersistentConfig1` event, as EventStoreDB does (its stream keeps
 * the last two). Saves run one after the other, in the order asked for.
 */
export class ConfigWriter {
  private last: Promise<void> = Promise.resolve();
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  save(definitions: readonly GroupDefinition[]): Promise<void> {
    const entries = definitions.map((definition) => ({
      ...definition,
      filter: definition.filter ?? null,
    }));
    const data = Buffer.from(
      JSON.stringify({
        version: '2',
        updated: new Date().toISOString(),
        updatedBy: 'admin',
        entries,
      }),
      'utf8',
    );
    const write = this.last.then(async () => {
      if (this.store.stream(CONFIG_STREAM) === undefined) {
        await this.store.append(metastreamOf(CONFIG_STREAM), ExpectedVersion.any, [
          {
            id: randomUUID(),
            type: SystemEventTypes.metadata,
            isJson: true,
            data: Buffer.from('{"$maxCount":2}'),
            metadata: Buffer.alloc(0),
          },
        ]);
      }
      await this.store.append(CONFIG_STREAM, ExpectedVersion.any, [
        {
          id: randomUUID(),
          type: CONFIG_EVENT_TYPE,
          isJson: true,
          data,
          metadata: Buffer.alloc(0),
        },
      ]);
    });
    this.last = write.catch(() => undefined);
    return write;
  }
}
