import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { EventStoreDBClient, jsonEvent, StreamNotFoundError } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnEventStore, type ChildEventStore } from './child.ts';
import { persistentGrpc, shared, streams, streamsGrpc } from './grpc/proto.ts';
import { Empty } from './grpc/protobuf-runtime.ts';

interface Method {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

interface Outcome {
  readonly code: number | 'no answer';
  readonly responses: Buffer[];
}

const raw = (bytes: Buffer): Buffer => bytes;

/** Calls a method with raw request bytes, so requests a real client never sends can be made. */
const rawCall = (client: Client, method: Method, requests: Uint8Array[]): Promise<Outcome> =>
  new Promise((resolve) => {
    const responses: Buffer[] = [];
    const buffers = requests.map((request) => Buffer.from(request));
    const [first = Buffer.alloc(0)] = buffers;
    const done = (error: ServiceError | null) => {
      clearTimeout(timer);
      resolve({ code: error?.code ?? status.OK, responses });
    };
    const answered = (error: ServiceError | null, response?: Buffer) => {
      if (response !== undefined) responses.push(response);
      done(error);
    };
    const listen = (call: NodeJS.EventEmitter) => {
      call.on('data', (response: Buffer) => responses.push(response));
      call.on('error', done);
      call.on('end', () => {
        done(null);
      });
    };
    const send = (call: { write(chunk: Buffer): boolean; end(): void }) => {
      for (const buffer of buffers) call.write(buffer);
      call.end();
    };
    let call: { cancel(): void };
    if (method.requestStream && method.responseStream) {
      const bidi = client.makeBidiStreamRequest(method.path, raw, raw);
      listen(bidi);
      send(bidi);
      call = bidi;
    } else if (method.requestStream) {
      const upload = client.makeClientStreamRequest(method.path, raw, raw, answered);
      send(upload);
      call = upload;
    } else if (method.responseStream) {
      const download = client.makeServerStreamRequest(method.path, raw, raw, first);
      listen(download);
      call = download;
    } else {
      call = client.makeUnaryRequest(method.path, raw, raw, first, answered);
    }
    const timer = setTimeout(() => {
      call.cancel();
      resolve({ code: 'no answer', responses });
    }, 3_000);
  });

/** The types of a stream's events through the real client, or the error reading it. */
const typesIn = async (connectionString: string, stream: string): Promise<string[] | Error> => {
  const esdb = EventStoreDBClient.connectionString(connectionString);
  const types: string[] = [];
  try {
    for await (const resolved of esdb.readStream(stream)) types.push(resolved.event?.type ?? '');
    return types;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    await esdb.dispose();
  }
};

const methods = [
  ...Object.values(streamsGrpc.StreamsService),
  ...Object.values(persistentGrpc.PersistentSubscriptionsService),
] as Method[];
const batchAppend = streamsGrpc.StreamsService.batchAppend as Method;
const append = streamsGrpc.StreamsService.append as Method;

const identifier = (stream: string) => {
  const id = new shared.StreamIdentifier();
  id.setStreamName(Buffer.from(stream));
  return id;
};

const proposed = (id: string) => {
  const message = new streams.BatchAppendReq.ProposedMessage();
  const uuid = new shared.UUID();
  uuid.setString(id);
  message.setId(uuid);
  message.getMetadataMap().set('type', 'Probed');
  message.getMetadataMap().set('content-type', 'application/json');
  message.setData(Buffer.from('{}'));
  return message;
};

describe('a misbehaving caller never takes the server down', () => {
  let dir: string;
  let server: ChildEventStore;
  let client: Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventstore-robustness-'));
    server = await spawnEventStore(join(dir, 'data'), { logLevel: 'warn' });
    const [address = ''] = server.connectionString.replace('esdb://', '').split('?');
    client = new Client(address, credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('empty, garbage and truncated requests on every method each get a status', async () => {
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x0a, 0x99, 0x01, 0x02]);
    const truncated = Buffer.from([0x0a, 0x10, 0x0a]);
    for (const method of methods) {
      for (const request of [Buffer.alloc(0), garbage, truncated]) {
        const outcome = await rawCall(client, method, [request]);
        expect(outcome.code, `${method.path} with ${request.toString('hex')}`).not.toBe(
          'no answer',
        );
        if (request.length > 0) expect(outcome.code).toBe(status.INTERNAL);
      }
    }
  });

  test('a batch append that fails part-way writes nothing and is answered exactly once', async () => {
    const stream = `robustness-${randomUUID()}`;
    const correlation = new shared.UUID();
    correlation.setString(randomUUID());
    const options = new streams.BatchAppendReq.Options();
    options.setStreamIdentifier(identifier(stream));
    options.setAny(new Empty());
    const first = new streams.BatchAppendReq();
    first.setCorrelationId(correlation);
    first.setOptions(options);
    first.setProposedMessagesList([proposed(randomUUID()), proposed('not-a-uuid')]);
    const last = new streams.BatchAppendReq();
    last.setCorrelationId(correlation);
    last.setProposedMessagesList([proposed(randomUUID())]);
    last.setIsFinal(true);
    const orphan = new streams.BatchAppendReq();
    orphan.setCorrelationId(correlation);
    orphan.setIsFinal(true);

    const outcome = await rawCall(client, batchAppend, [
      first.serializeBinary(),
      last.serializeBinary(),
      orphan.serializeBinary(),
    ]);

    expect(outcome.code).toBe(status.OK);
    const answers = outcome.responses.map((bytes) =>
      streams.BatchAppendResp.deserializeBinary(bytes),
    );
    expect(answers.map((answer) => answer.hasError())).toEqual([true, true]);
    expect(await typesIn(server.connectionString, stream)).toBeInstanceOf(StreamNotFoundError);
  });

  test('expected revisions beyond int64 are refused, all ones means no stream', async () => {
    const appendWith = (stream: string, revision: string) => {
      const options = new streams.AppendReq.Options();
      options.setStreamIdentifier(identifier(stream));
      options.setRevision(revision);
      const header = new streams.AppendReq();
      header.setOptions(options);
      return rawCall(client, append, [header.serializeBinary()]);
    };
    expect((await appendWith('robustness-a', '9223372036854775808')).code).toBe(
      status.INVALID_ARGUMENT,
    );
    const none = await appendWith('robustness-b', '18446744073709551615');
    expect(none.code).toBe(status.OK);
    const [bytes = Buffer.alloc(0)] = none.responses;
    expect(streams.AppendResp.deserializeBinary(bytes).getSuccess()?.hasNoStream()).toBe(true);
  });

  test('the server still serves the real client afterwards', async () => {
    const esdb = EventStoreDBClient.connectionString(server.connectionString);
    const stream = `robustness-${randomUUID()}`;
    try {
      await esdb.appendToStream(stream, jsonEvent({ type: 'Alive', data: {} }));
    } finally {
      await esdb.dispose();
    }
    expect(await typesIn(server.connectionString, stream)).toEqual(['Alive']);
    expect(server.process.exitCode).toBeNull();
  });
});
