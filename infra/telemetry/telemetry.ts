import { releaseTracer, useTracer } from './tracing.ts';

/** The process's tracing, as startTelemetry set it up. */
export interface Telemetry {
  readonly enabled: boolean;
  /** Exports what is still buffered, then turns tracing off. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/**
 * Whether the standard variables ask for traces: an OTLP endpoint is set (for traces or for all
 * signals), and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says otherwise.
 */
export const tracesWanted = (env: Env): boolean =>
  (present(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) || present(env.OTEL_EXPORTER_OTLP_ENDPOINT)) &&
  env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' &&
  env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() !== 'none';

const off: Telemetry = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * Starts tracing when an OTLP endpoint is configured; otherwise does nothing at all (the SDK is
 * not even loaded). The SDK and the OTLP/proto exporter read the other OTEL_* variables
 * themselves: OTEL_TRACES_SAMPLER(_ARG), OTEL_EXPORTER_OTLP_(TRACES_)HEADERS and _TIMEOUT,
 * OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES. OTEL_SERVICE_NAME defaults to `order-ledger-<role>`.
 * Context travels in W3C `traceparent` only.
 */
export const startTelemetry = async (options: {
  readonly role: string;
  readonly env?: Env;
}): Promise<Telemetry> => {
  const env = options.env ?? process.env;
  if (!tracesWanted(env)) return off;
  const [{ W3CTraceContextPropagator }, sdk, { OTLPTraceExporter }, resources, conventions] =
    await Promise.all([
      import('@opentelemetry/core'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-proto'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  // The environment's resource attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) win over
  // the default name.
  const resource = resources
    .resourceFromAttributes({ [conventions.ATTR_SERVICE_NAME]: `order-ledger-${options.role}` })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new sdk.NodeTracerProvider({
    resource,
    spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The context manager and propagator are the process's; a second start in the same process
  // (tests) keeps the first ones, and its spans still go to its own provider's exporter.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracer = provider.getTracer('order-ledger');
  useTracer(tracer);
  return {
    enabled: true,
    async shutdown() {
      releaseTracer(tracer);
      await provider.shutdown();
    },
  };
};
