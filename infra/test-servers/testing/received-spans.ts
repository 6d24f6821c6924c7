import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { serverUrl } from '../use-server.ts';
import { flattenTraceRequest, traceRequest, type ReceivedSpan } from './otlp-json.ts';

export type { AttributeValue, ReceivedSpan, SpanKindName } from './otlp-json.ts';

export interface ReadSpansOptions {
  /** Polls until this holds for the spans received so far; without it, reads once. */
  readonly until?: (spans: readonly ReceivedSpan[]) => boolean;
  /** How long to poll before failing; 10 s unless given. */
  readonly timeoutMs?: number;
}

/**
 * Every span the harness's OTLP receiver has written so far (from all tests of the run: filter by
 * trace id). Throws, so the test fails, when the receiver is not one the harness started and can
 * read (OTEL_EXPORTER_OTLP_ENDPOINT was set), or when `until` does not hold in time.
 */
export const readSpans = async (options: ReadSpansOptions = {}): Promise<ReceivedSpan[]> => {
  const file = spansFile();
  const { until, timeoutMs = 10_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = await readSpansFile(file);
    if (until === undefined || until(spans)) return spans;
    if (Date.now() > deadline) {
      const seen = spans.map((s) => `${s.traceId}/${s.spanId} ${s.name}`).join('\n  ');
      throw new Error(
        `the OTLP receiver did not get the spans the test waited for within ${timeoutMs / 1000} s; ` +
          `it got ${spans.length}:\n  ${seen}`,
      );
    }
    await sleep(100);
  }
};

/** The spans of one trace, polling until at least `count` have arrived. */
export const readTrace = async (traceId: string, count = 1): Promise<ReceivedSpan[]> => {
  const ofTrace = (spans: readonly ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
  return ofTrace(await readSpans({ until: (spans) => ofTrace(spans).length >= count }));
};

/** Parses a file of OTLP JSON lines as the collector's file exporter writes them. */
export const readSpansFile = async (file: string): Promise<ReceivedSpan[]> => {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    // No span has arrived until the exporter creates the file.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return '';
    throw error;
  });
  // A line still being written has no newline yet: it is read on the next poll.
  const lines = text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '');
  return lines.flatMap((line) => flattenTraceRequest(traceRequest.parse(JSON.parse(line))));
};

const spansFile = (): string => {
  const url = serverUrl('otlp');
  const outcome = inject('testServers').otlp;
  const file = outcome?.ok ? outcome.details?.spansFile : undefined;
  if (file === undefined) {
    throw new Error(
      `readSpans cannot read what the OTLP receiver at ${url} got: OTEL_EXPORTER_OTLP_ENDPOINT ` +
        'points at a receiver the harness did not start. Unset it so the harness starts its ' +
        'own collector, whose spans it reads from a file.',
    );
  }
  return file;
};
