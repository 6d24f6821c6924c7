// Test support only: checks Kafka records against an AsyncAPI document, as a consumer would.
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../event-contracts.ts';

/** A parsed document and its errors (warnings and hints are not errors). */
export const parseAsyncApi = async (
  document: JsonSchema,
): Promise<{
  parsed: AsyncAPIDocumentInterface | undefined;
  errors: string[];
  notes: string[];
}> => {
  const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
  // Spectral's diagnostics carry their own copy of the severity enum, so compare the numbers.
  const errorSeverity: number = DiagnosticSeverity.Error;
  const isError = (d: (typeof diagnostics)[number]) => {
    const severity: number = d.severity;
    return severity === errorSeverity;
  };
  const line = (d: (typeof diagnostics)[number]) =>
    `${d.code}: ${d.message} at ${d.path.join('.')}`;
  return {
    parsed,
    errors: diagnostics.filter(isError).map(line),
    notes: diagnostics.filter((d) => !isError(d)).map(line),
  };
};

export interface RecordToCheck {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface CompiledMessage {
  readonly id: string;
  readonly key: ValidateFunction;
  readonly headers: ValidateFunction;
  readonly payload: ValidateFunction;
}

/**
 * A checker of records against the document's messages: a record fits when exactly one message
 * of its topic's channel accepts its key, headers and value. Returns what is wrong, or [].
 */
export const recordChecker = (
  document: AsyncAPIDocumentInterface,
): ((record: RecordToCheck) => string[]) => {
  // strict: false, because the parser adds `x-parser-*` annotations to every schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compile = (schema: unknown): ValidateFunction =>
    ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});
  const byTopic = new Map<string, CompiledMessage[]>();
  for (const channel of document.channels().all()) {
    const address = channel.address();
    if (address === null || address === undefined) continue;
    byTopic.set(
      address,
      channel
        .messages()
        .all()
        .map((message) => ({
          id: message.id(),
          key: compile(message.bindings().get('kafka')?.value().key),
          headers: compile(message.headers()?.json()),
          payload: compile(message.payload()?.json()),
        })),
    );
  }
  return (record) => {
    const messages = byTopic.get(record.topic);
    if (messages === undefined) return [`no channel for topic ${record.topic}`];
    let value: unknown;
    try {
      value = JSON.parse(record.value);
    } catch {
      return [`${record.topic}: the value is not JSON`];
    }
    const problems = messages.map((message) => {
      const failures = [
        message.key(record.key) ? [] : [`key: ${ajv.errorsText(message.key.errors)}`],
        message.headers(record.headers)
          ? []
          : [`headers: ${ajv.errorsText(message.headers.errors)}`],
        message.payload(value) ? [] : [`payload: ${ajv.errorsText(message.payload.errors)}`],
      ].flat();
      return { id: message.id, failures };
    });
    const fitting = problems.filter((problem) => problem.failures.length === 0);
    if (fitting.length === 1) return [];
    if (fitting.length > 1) return [`fits ${fitting.map((f) => f.id).join(', ')}: ambiguous`];
    const type = record.headers['event-type'] ?? '?';
    return [
      `${record.topic} ${type}: fits no message`,
      ...problems.map((problem) => `  ${problem.id}: ${problem.failures.join('; ')}`),
    ];
  };
};
