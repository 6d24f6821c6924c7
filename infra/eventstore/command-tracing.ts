import { noteOrder } from '../telemetry/log-context.ts';
import {
  activeTraceparent,
  contextOfSpan,
  endSpan,
  inSpan,
  SpanKind,
  startSpan,
  traceparentOf,
  tracingOn,
  type Span,
} from '../telemetry/tracing.ts';
import type { CommandContext } from './decide-batch.ts';
import type { ExpectedRevision } from './event-store.ts';

/** A command's span, and its context carrying the span's `traceparent` into the events' metadata. */
export interface TracedCommand {
  readonly context: CommandContext;
  readonly span: Span | undefined;
}

/**
 * Starts the span of one command (a child of the active span: the request's, or the event a
 * subscription handler is handling) and names the order in the log context. Undefined, and
 * nothing made, with tracing off.
 */
export const traceCommand = (
  aggregate: string,
  stream: string,
  context: CommandContext,
): TracedCommand | undefined => {
  noteOrder(stream, context.correlationId);
  if (!tracingOn()) return undefined;
  const span = startSpan({
    name: `handle ${aggregate} command`,
    attributes: {
      'order_ledger.aggregate': aggregate,
      'order_ledger.stream': stream,
      'order_ledger.command_id': context.commandId,
      'order_ledger.correlation_id': context.correlationId,
    },
  });
  const traceparent = traceparentOf(span) ?? activeTraceparent();
  return { context: traceparent === undefined ? context : { ...context, traceparent }, span };
};

/** Ends a command's span once the command settled. */
export const endWhenSettled = <T>(span: Span, settled: Promise<T>): Promise<T> =>
  settled.then(
    (result) => {
      endSpan(span);
      return result;
    },
    (error: unknown) => {
      endSpan(span, error);
      throw error;
    },
  );

/**
 * The append of a group of commands' events, as a child span of the first command's span (and
 * linked to the others'); each command's span learns the expected revision it was decided at.
 */
export const tracedAppend = <T>(
  stream: string,
  expected: ExpectedRevision,
  events: number,
  commands: readonly { readonly span?: Span | undefined }[],
  append: () => Promise<T>,
): Promise<T> => {
  if (!tracingOn()) return append();
  const spans = commands.flatMap(({ span }) => (span === undefined ? [] : [span]));
  for (const span of spans) span.setAttribute('order_ledger.expected_revision', expected);
  const [first, ...others] = spans;
  return inSpan(
    {
      name: `append ${stream.slice(0, stream.indexOf('-') + 1)}*`,
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'eventstoredb',
        'db.operation.name': 'append',
        'order_ledger.stream': stream,
        'order_ledger.expected_revision': expected,
        'order_ledger.events': events,
        'order_ledger.commands': commands.length,
      },
      ...(first === undefined ? {} : { parent: contextOfSpan(first) }),
      links: others.map((span) => ({ context: span.spanContext() })),
    },
    append,
  );
};
