import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processedSchema, type Processed, type ProcessedIds } from './processed-ids.ts';

/**
 * One JSON line per processed event id in a file (embedded mode, or no MongoDB), appended and
 * fsynced before `record` resolves. One process writes it: two notifications processes need
 * MongoDB. A torn last line (a crash mid-write) is ignored: that event is sent again.
 */
export const fileProcessedIds = async (file: string): Promise<ProcessedIds> => {
  await mkdir(dirname(file), { recursive: true });
  const entries = new Map<string, Processed>();
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return '';
    throw error;
  });
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = processedSchema.parse(JSON.parse(line));
      entries.set(entry.eventId, entry);
    } catch {
      // The torn tail of an interrupted append: not recorded, so not processed.
    }
  }
  const handle = await open(file, 'a');
  // A torn tail must not glue itself to the next record.
  if (text !== '' && !text.endsWith('\n')) await handle.appendFile('\n');
  let writing = Promise.resolve();
  return {
    has: (eventId) => Promise.resolve(entries.has(eventId)),
    record(entry) {
      if (entries.has(entry.eventId)) return Promise.resolve();
      entries.set(entry.eventId, entry);
      // Appends one after another, each durable before its caller goes on.
      writing = writing.then(async () => {
        await handle.appendFile(`${JSON.stringify(entry)}\n`);
        await handle.datasync();
      });
      return writing;
    },
    list: () => Promise.resolve([...entries.values()]),
    async close() {
      await writing.catch(() => undefined);
      await handle.close();
    },
  };
};
