import { inspect } from 'node:util';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

export { SpanKind } from '@opentelemetry/api';
export type { Span } from '@opentelemetry/api';

// The one tracer of the process, set by startTelemetry (telemetry.ts). OpenTelemetry's API is a
// global by design; undefined here means tracing is off and every helper below returns before it
// touches the API, so the hot path makes no span, context or carrier at all.
let tracer: Tracer | undefined;

/** Turns tracing on (a tracer) or off (undefined). */
export const useTracer = (next: Tracer | undefined): void => {
  tracer = next;
};

/** Turns tracing off if `mine` is still the tracer in use (not one a later start put there). */
export const releaseTracer = (mine: Tracer): void => {
  if (tracer === mine) tracer = undefined;
};

export const tracingOn = (): boolean => tracer !== undefined;

export interface SpanStart {
  readonly name: string;
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** The parent; the active context when not given. */
  readonly parent?: Context | undefined;
  readonly links?: Link[];
}

/** Starts a span (not made active); undefined when tracing is off. */
export const startSpan = (start: SpanStart): Span | undefined =>
  tracer?.startSpan(
    start.name,
    {
      kind: start.kind ?? SpanKind.INTERNAL,
      ...(start.attributes === undefined ? {} : { attributes: start.attributes }),
      ...(start.links === undefined ? {} : { links: start.links }),
    },
    start.parent ?? context.active(),
  );

/** Ends a span, marking it failed with the error when there was one. */
export const endSpan = (span: Span | undefined, error?: unknown): void => {
  if (span === undefined) return;
  if (error !== undefined) {
    const message = error instanceof Error ? error.message : inspect(error);
    span.recordException(error instanceof Error ? error : message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end();
};

/**
 * Runs `fn` with a new span active (ended when `fn` settles, failed if it throws). With tracing
 * off it is `fn(undefined)` and nothing more.
 */
export const inSpan = <T>(
  start: SpanStart,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> => (tracer === undefined ? fn(undefined) : inStartedSpan(start, fn));

const inStartedSpan = async <T>(
  start: SpanStart,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> => {
  const span = startSpan(start);
  if (span === undefined) return fn(undefined);
  try {
    const result = await context.with(trace.setSpan(start.parent ?? context.active(), span), () =>
      fn(span),
    );
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
};

/** Runs `fn` with `span` active (as the parent of what it starts); `fn()` without a span. */
export const withActiveSpan = <T>(span: Span | undefined, fn: () => T): T =>
  span === undefined ? fn() : context.with(trace.setSpan(context.active(), span), fn);

/** The W3C `traceparent` of the active span; undefined when tracing is off or none is active. */
export const activeTraceparent = (): string | undefined =>
  tracer === undefined ? undefined : traceparentIn(context.active());

/** The W3C `traceparent` of a span. */
export const traceparentOf = (span: Span | undefined): string | undefined =>
  span === undefined ? undefined : traceparentIn(trace.setSpan(ROOT_CONTEXT, span));

const traceparentIn = (within: Context): string | undefined => {
  const carrier: Record<string, string> = {};
  propagation.inject(within, carrier);
  return carrier.traceparent;
};

/** The remote context a `traceparent` names, to parent or link spans to; undefined without one. */
export const contextOfTraceparent = (traceparent: unknown): Context | undefined => {
  if (tracer === undefined || typeof traceparent !== 'string') return undefined;
  const extracted = propagation.extract(ROOT_CONTEXT, { traceparent });
  return trace.getSpanContext(extracted) === undefined ? undefined : extracted;
};

/** A link to the span a `traceparent` names; undefined without a valid one. */
export const linkTo = (traceparent: unknown): Link | undefined => {
  const parent = contextOfTraceparent(traceparent);
  const spanContext = parent === undefined ? undefined : trace.getSpanContext(parent);
  return spanContext === undefined ? undefined : { context: spanContext };
};

/** The ids of the active span, for log lines; undefined when tracing is off or none is active. */
export const activeSpanIds = (): { traceId: string; spanId: string } | undefined => {
  if (tracer === undefined) return undefined;
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return undefined;
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
};

/** The context an incoming request's `traceparent` (and `tracestate`) header names, if any. */
export const contextOfHeaders = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Context | undefined => {
  if (tracer === undefined) return undefined;
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  return trace.getSpanContext(extracted) === undefined ? undefined : extracted;
};

/** The active context with `span` as its span, to parent other spans to. */
export const contextOfSpan = (span: Span): Context => trace.setSpan(context.active(), span);
