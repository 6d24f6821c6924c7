import { randomUUID } from 'node:crypto';
import { shared, streams } from './proto.ts';

type ReadResp = InstanceType<typeof streams.ReadResp>;

// The Streams.Read messages other than events (those are encoded by hand, see wire.ts).

export const confirmation = (): ReadResp => {
  const confirmed = new streams.ReadResp.SubscriptionConfirmation();
  confirmed.setSubscriptionId(randomUUID());
  return new streams.ReadResp().setConfirmation(confirmed);
};

export const caughtUp = (): ReadResp =>
  new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp());

export const fellBehind = (): ReadResp =>
  new streams.ReadResp().setFellBehind(new streams.ReadResp.FellBehind());

export const checkpoint = (position: number): ReadResp => {
  const reached = new streams.ReadResp.Checkpoint();
  reached.setCommitPosition(String(position));
  reached.setPreparePosition(String(position));
  return new streams.ReadResp().setCheckpoint(reached);
};

/** What a read of a stream that does not exist (or was soft-deleted) answers. */
export const streamNotFound = (stream: string): ReadResp => {
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  const notFound = new streams.ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(identifier);
  return new streams.ReadResp().setStreamNotFound(notFound);
};
