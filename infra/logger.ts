import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentLogContext } from './telemetry/log-context.ts';
import { activeSpanIds } from './telemetry/tracing.ts';

export type { Logger } from 'pino';

/**
 * What every line says about what is being handled: the order and correlation id of the log
 * context (set by the HTTP layer and the subscription runners), and the active span's ids when
 * tracing is on. Call sites add none of these by hand.
 */
export const orderMixin = (): object => {
  const fields = currentLogContext();
  const ids = activeSpanIds();
  // A new object each time: pino merges the line's own fields into it.
  if (fields === undefined && ids === undefined) return {};
  return {
    ...(fields?.orderId === undefined ? {} : { orderId: fields.orderId }),
    ...(fields?.correlationId === undefined ? {} : { correlationId: fields.correlationId }),
    ...ids,
  };
};

/**
 * The process logger: JSON lines on stdout, one child per component (`logger.child({ component })`)
 * so every line says where it came from, and the order it concerns (orderMixin).
 */
export const createLogger = (options: { level?: string; name?: string } = {}): Logger => {
  const settings: LoggerOptions = {
    name: options.name ?? 'order-ledger',
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: orderMixin,
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
