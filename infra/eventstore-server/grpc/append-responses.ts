import { ExpectedVersion } from '../store/records.ts';
import type { AppendOutcome } from '../store/store.ts';
import { streamDeleted } from './errors.ts';
import { shared, streams } from './proto.ts';

type AppendResp = InstanceType<typeof streams.AppendResp>;
/** The Append response for an outcome; a deleted stream is an error status, as EventStoreDB sends it. */
export const appendResponse = (stream: string, outcome: AppendOutcome): AppendResp => {
  const response = new streams.AppendResp();
  if (outcome.kind === 'stream-deleted') throw streamDeleted(stream);
  if (outcome.kind === 'success') {
    const success = new streams.AppendResp.Success();
    if (outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
    else success.setNoStream(new shared.Empty());
    if (outcome.position === undefined) success.setNoPosition(new shared.Empty());
    else {
      const position = new streams.AppendResp.Position();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    }
    response.setSuccess(success);
    return response;
  }
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (outcome.current >= 0) {
    wrong.setCurrentRevision(String(outcome.current));
    wrong.setCurrentRevision2060(outcome.current);
  } else {
    wrong.setCurrentNoStream(new shared.Empty());
    wrong.setNoStream2060(new shared.Empty());
  }
  if (outcome.expected === ExpectedVersion.any) {
    wrong.setExpectedAny(new shared.Empty());
    wrong.setAny2060(new shared.Empty());
  } else if (outcome.expected === ExpectedVersion.streamExists) {
    wrong.setExpectedStreamExists(new shared.Empty());
    wrong.setStreamExists2060(new shared.Empty());
  } else if (outcome.expected === ExpectedVersion.noStream) {
    wrong.setExpectedNoStream(new shared.Empty());
  } else {
    wrong.setExpectedRevision(String(outcome.expected));
    wrong.setExpectedRevision2060(outcome.expected);
  }
  response.setWrongExpectedVersion(wrong);
  return response;
};
