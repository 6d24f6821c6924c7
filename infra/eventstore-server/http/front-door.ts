import type { Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ServerCredentials, type Server as GrpcServer } from '@grpc/grpc-js';

// Every HTTP/2 connection (gRPC) opens with this preface; an HTTP/1.1 request line never does.
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

const FIRST_BYTES_TIMEOUT_MS = 30_000;

const looksLikeHttp2 = (chunk: Buffer): boolean => {
  const length = Math.min(chunk.length, PREFACE.length);
  return chunk.subarray(0, length).equals(PREFACE.subarray(0, length));
};

/** One TCP port for gRPC and HTTP/1.1, as KurrentDB serves both on 2113. */
export interface FrontDoor {
  readonly port: number;
  /** Stops accepting; HTTP/1.1 connections are closed, gRPC's are left to the gRPC server. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and hands each connection, by its first bytes, to grpc-js (through its
 * connection injector) or to the HTTP/1.1 server. The first chunk is put back on the socket
 * before the hand-over: Node's HTTP/2 session reads what a socket already buffered.
 */
export const openFrontDoor = async (
  grpc: GrpcServer,
  http: HttpServer,
  host: string,
  port: number,
): Promise<FrontDoor> => {
  const injector = grpc.createConnectionInjector(ServerCredentials.createInsecure());
  const http1 = new Set<Socket>();
  const front = createServer((socket) => {
    // A peer that connects and says nothing is not kept for ever.
    socket.setTimeout(FIRST_BYTES_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      if (looksLikeHttp2(chunk)) {
        // Left paused: the HTTP/2 session takes the socket's handle and its buffered bytes.
        injector.injectConnection(socket);
        return;
      }
      http1.add(socket);
      socket.once('close', () => http1.delete(socket));
      http.emit('connection', socket);
      socket.resume();
    });
    socket.on('error', () => {
      // A peer that resets before its first bytes: nothing was handed over, nothing to report.
    });
  });
  const bound = await new Promise<number>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve((front.address() as AddressInfo).port);
    });
  });
  return {
    port: bound,
    close: () => {
      // Stops accepting without waiting for open connections: gRPC's are ended by the gRPC
      // server's own shutdown, which comes after this.
      front.close();
      for (const socket of http1) socket.destroy();
      return Promise.resolve();
    },
  };
};
