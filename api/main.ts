import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Role } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { startSystem } from './system.ts';

// `npm start [-- --role api|processes|projections|notifications|all]`; the flag wins over ROLE.
const { values } = parseArgs({ options: { role: { type: 'string' } }, allowPositionals: false });

let config;
try {
  config = loadConfig({
    ...process.env,
    ...(values.role === undefined ? {} : { ROLE: values.role }),
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger({ level: config.LOG_LEVEL });
const role: Role = config.ROLE;
const system = await startSystem({ config, role, logger }).catch((error: unknown) => {
  // Kafka refusing our credentials at start is a configuration error too: a message, no stack.
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  // A stop that hangs must not keep the process alive for ever: the log is durable either way.
  setTimeout(() => {
    logger.error('could not stop within 15 s; exiting anyway');
    process.exit(1);
  }, 15_000).unref();
  system.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'could not stop cleanly');
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
