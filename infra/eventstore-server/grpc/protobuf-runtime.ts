import { createRequire } from 'node:module';
import type anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import type emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

// The generated message classes only accept well-known-type objects (Any, Empty) made by their
// own google-protobuf runtime, which the client package may carry in a version of its own; load
// them the way its generated code does, from where that code lives.
const requireFromClient = createRequire(
  createRequire(import.meta.url).resolve('@eventstore/db-client/generated/status_pb.js'),
);

export const { Any } = requireFromClient(
  'google-protobuf/google/protobuf/any_pb.js',
) as typeof anyPb;
export const { Empty } = requireFromClient(
  'google-protobuf/google/protobuf/empty_pb.js',
) as typeof emptyPb;
