import { ExpectedVersion, type ProposedEvent } from '../store/records.ts';
import { canonicalUuid, uuidFromHalves } from '../uuid.ts';
import { invalidArgument, requiredMetadataPropertyMissing } from './errors.ts';
import type { shared } from './proto.ts';

type Uuid = InstanceType<typeof shared.UUID>;

/** The shape shared by AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage. */
export interface ProposedMessage {
  getId(): Uuid | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** An event id in either of the protocol's forms, as a canonical UUID. */
export const uuidOf = (id: Uuid | undefined): string => {
  if (id?.hasString() === true) {
    const parsed = canonicalUuid(id.getString());
    if (parsed !== undefined) return parsed;
  } else if (id?.hasStructured() === true) {
    const halves = id.getStructured();
    if (halves !== undefined) {
      return uuidFromHalves(halves.getMostSignificantBits(), halves.getLeastSignificantBits());
    }
  }
  throw invalidArgument('An event id must be a UUID.');
};

/**
 * A proposed message as an event to store. Like EventStoreDB it requires the `type` and
 * `content-type` metadata; the event is JSON exactly when its content type says so.
 */
export const toProposedEvent = (message: ProposedMessage): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw requiredMetadataPropertyMissing('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) throw requiredMetadataPropertyMissing('content-type');
  return {
    id: uuidOf(message.getId()),
    type,
    isJson: contentType === 'application/json',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

/** A stream revision or log position sent as a decimal uint64 string. */
export const revisionOf = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw invalidArgument(`'${text}' is not a valid stream revision`);
  return value;
};

const U64_MAX = 18_446_744_073_709_551_615n;
const I64_MAX = 9_223_372_036_854_775_807n;

/**
 * An expected revision sent as a uint64 string. As in EventStoreDB, all ones is its "none"
 * revision (no stream) and anything else beyond the int64 range is refused.
 */
export const expectedRevisionOf = (text: string): number => {
  const value = /^\d+$/.test(text) ? BigInt(text) : -1n;
  if (value === U64_MAX) return ExpectedVersion.noStream;
  if (value < 0n || value > I64_MAX)
    throw invalidArgument(`'${text}' is not a valid stream revision`);
  return Number(value);
};

const MAX_NAME_BYTES = 65_535;

/** A stream name the log can hold; EventStoreDB refuses empty ones. */
export const checkStreamName = (stream: string): string => {
  if (stream.length === 0) throw invalidArgument('The stream name must not be empty.');
  if (Buffer.byteLength(stream) > MAX_NAME_BYTES)
    throw invalidArgument('The stream name is too long.');
  return stream;
};
