import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '../logger.ts';
import { startEmbeddedEventStore } from './server.ts';

// `npm run eventstore -- [--port 2113] [--host 127.0.0.1] [--data-dir ./data/eventstore] [--in-memory]`
// Flags win over EVENTSTORE_PORT / EVENTSTORE_DATA_DIR, which win over the defaults.
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
  },
  strict: true,
});

const settings = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(2113),
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).default('./data/eventstore'),
    inMemory: z.boolean(),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .safeParse({
    port: values.port ?? (process.env.EVENTSTORE_PORT || undefined),
    host: values.host,
    dataDir: values['data-dir'] ?? (process.env.EVENTSTORE_DATA_DIR || undefined),
    inMemory: values['in-memory'],
    logLevel: process.env.LOG_LEVEL || undefined,
  });

if (!settings.success) {
  console.error(
    `invalid settings:\n${settings.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}

const { port, host, dataDir, inMemory, logLevel } = settings.data;
const logger = createLogger({ level: logLevel, name: 'eventstore' });
const server = await startEmbeddedEventStore({
  port,
  host,
  inMemory,
  logger,
  ...(inMemory ? {} : { dataDir }),
});
// The server logs its connection string at info; it is printed whatever the level, for scripts.
if (!logger.isLevelEnabled('info')) {
  console.log(
    JSON.stringify({
      msg: 'embedded EventStoreDB listening',
      connectionString: server.connectionString,
    }),
  );
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => {
  stop('SIGINT');
});
process.on('SIGTERM', () => {
  stop('SIGTERM');
});
