/**
 * A stored event this code cannot read. Deliberately not a DomainError: it is no business refusal
 * but a poison event, which infra parks instead of retrying, and the API answers with a 500.
 */
export class EventSchemaError extends Error {
  readonly code: 'unknown_event_type' | 'unsupported_schema_version' | 'invalid_event_data';
  readonly eventType: string;
  readonly schemaVersion: number;

  constructor(
    code: EventSchemaError['code'],
    eventType: string,
    schemaVersion: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.eventType = eventType;
    this.schemaVersion = schemaVersion;
  }
}

export class UnknownEventType extends EventSchemaError {
  constructor(eventType: string, schemaVersion: number) {
    super('unknown_event_type', eventType, schemaVersion, `Unknown event type "${eventType}"`);
  }
}

export class UnsupportedSchemaVersion extends EventSchemaError {
  constructor(eventType: string, schemaVersion: number, currentVersion: number) {
    super(
      'unsupported_schema_version',
      eventType,
      schemaVersion,
      `${eventType} has no schema version ${String(schemaVersion)} (current is ${String(currentVersion)})`,
    );
  }
}

export class InvalidEventData extends EventSchemaError {
  constructor(eventType: string, schemaVersion: number, problem: string, options?: ErrorOptions) {
    super(
      'invalid_event_data',
      eventType,
      schemaVersion,
      `${eventType} v${String(schemaVersion)} does not match its schema: ${problem}`,
      options,
    );
  }
}
