import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { serverUrl } from '../../test-servers/use-server.ts';
import { within } from './wait.ts';

/**
 * A client connected to whatever EventStoreDB the harness provides: the embedded server in CI, or
 * a real EventStoreDB/KurrentDB through EVENTSTORE_CONNECTION_STRING. Dispose it in afterAll.
 */
export const connectClient = (): EventStoreDBClient =>
  EventStoreDBClient.connectionString(serverUrl('eventstore'));

/**
 * A stream, group or prefix name that no other test, and no earlier run against the same
 * database, has used: the suite never assumes an empty database.
 */
export const uniqueName = (label: string): string => `contract_${label}_${randomUUID()}`;

/**
 * Disposes a client, failing within 10 s instead of hanging when a call never finishes (a server
 * that leaves a cancelled call open, or a test that left a read unconsumed).
 */
export const disposeClient = (client: EventStoreDBClient): Promise<void> =>
  within(client.dispose(), 'the client to finish all its calls', 10_000);
