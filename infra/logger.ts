import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout, one child per component (`logger.child({ component })`)
 * so every line says where it came from.
 */
export const createLogger = (options: { level?: string; name?: string } = {}): Logger => {
  const settings: LoggerOptions = {
    name: options.name ?? 'order-ledger',
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return pino(settings);
};

// The logger each component logger was made from, so that a component within a component gets
// one `component` key ("processes/kafka-bridge") rather than two (pino repeats a rebound key).
const madeFrom = new WeakMap<Logger, Logger>();

/** A child logger for one component; within another component's logger, named `outer/inner`. */
export const componentLogger = (logger: Logger, component: string): Logger => {
  const outer: unknown = logger.bindings().component;
  const base = madeFrom.get(logger);
  const child =
    base !== undefined && typeof outer === 'string'
      ? base.child({ component: `${outer}/${component}` })
      : logger.child({ component });
  madeFrom.set(child, base ?? logger);
  return child;
};

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
