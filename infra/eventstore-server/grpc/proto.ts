// The protocol as the client package generates it from EventStoreDB's .proto files: message
// classes (google-protobuf; int64 fields are strings) and gRPC service definitions. The server
// uses the very definitions the client does, so both sides agree on every field.
export { default as streams } from '@eventstore/db-client/generated/streams_pb.js';
export { default as streamsGrpc } from '@eventstore/db-client/generated/streams_grpc_pb.js';
export { default as persistent } from '@eventstore/db-client/generated/persistent_pb.js';
export { default as persistentGrpc } from '@eventstore/db-client/generated/persistent_grpc_pb.js';
export { default as shared } from '@eventstore/db-client/generated/shared_pb.js';
export { default as status } from '@eventstore/db-client/generated/status_pb.js';
export { default as code } from '@eventstore/db-client/generated/code_pb.js';
export { default as serverFeatures } from '@eventstore/db-client/generated/serverfeatures_pb.js';
export { default as serverFeaturesGrpc } from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
export { default as gossip } from '@eventstore/db-client/generated/gossip_pb.js';
export { default as gossipGrpc } from '@eventstore/db-client/generated/gossip_grpc_pb.js';
export { default as projections } from '@eventstore/db-client/generated/projections_pb.js';
export { default as projectionsGrpc } from '@eventstore/db-client/generated/projections_grpc_pb.js';
