/** The servers tests may ask for. Each has one environment variable that points at a real one. */
export type ServerKind = 'eventstore' | 'kafka' | 'mongodb' | 'otlp';

export const serverVariables: Record<ServerKind, string> = {
  eventstore: 'EVENTSTORE_CONNECTION_STRING',
  kafka: 'KAFKA_BROKERS',
  mongodb: 'MONGODB_URL',
  otlp: 'OTEL_EXPORTER_OTLP_ENDPOINT',
};

/** What a kind's test helpers need beyond the URL, e.g. the file an OTLP receiver writes spans to. */
export type ServerDetails = Readonly<Record<string, string>>;

/** Where a server came from, in the order the harness tries them. */
export type ServerSource = 'environment' | 'testcontainers' | 'local';

/** A server the harness started (or found) and will stop at the end of the run. */
export interface StartedServer {
  /** A connection string, broker list or URL, in the form the matching variable takes. */
  readonly url: string;
  readonly source: ServerSource;
  readonly details?: ServerDetails;
  stop(): Promise<void>;
}

/** What a test receives: the server, or why none could be had. */
export type ServerOutcome =
  | {
      readonly ok: true;
      readonly url: string;
      readonly source: ServerSource;
      readonly details?: ServerDetails;
    }
  | { readonly ok: false; readonly missing: string };
