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

/** A child logger for one component. */
export const componentLogger = (logger: Logger, component: string): Logger =>
  logger.child({ component });

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
