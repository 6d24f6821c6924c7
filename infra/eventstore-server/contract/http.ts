import http from 'node:http';
import https from 'node:https';
import { serverUrl } from '../../test-servers/use-server.ts';

/** A plain HTTP/1.1 answer: status, reason phrase, headers, body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly reason: string;
  readonly httpVersion: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/**
 * The server's HTTP side, on the same host and port as its gRPC one (as KurrentDB serves both),
 * from the connection string the client uses: `tls=false` means plain HTTP; credentials in it
 * (`esdb://admin:changeit@host:2113`) become Basic authentication.
 */
export const httpEndpoint = (): { base: URL; authorization: string | undefined } => {
  const connection = new URL(serverUrl('eventstore').replace(/^esdb(\+discover)?:/, 'http:'));
  const tls = connection.searchParams.get('tls') !== 'false';
  const host = connection.host.split(',')[0] ?? connection.host;
  const base = new URL(`${tls ? 'https' : 'http'}://${host}`);
  const user = decodeURIComponent(connection.username);
  const authorization =
    user === ''
      ? undefined
      : `Basic ${Buffer.from(`${user}:${decodeURIComponent(connection.password)}`).toString('base64')}`;
  return { base, authorization };
};

/** Sends one HTTP/1.1 request to the server's port with node:http (never HTTP/2). */
export const httpRequest = (
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<HttpAnswer> => {
  const { base, authorization } = httpEndpoint();
  const url = new URL(path, base);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            reason: response.statusMessage ?? '',
            httpVersion: response.httpVersion,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    request.setTimeout(10_000, () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
};
