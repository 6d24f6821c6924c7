import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { httpRequest } from './http.ts';

// The node endpoints of KurrentDB's HTTP API ("HTTP API", "Diagnostics" and "Health" in the
// server docs), answered over HTTP/1.1 on the port gRPC clients use.
describe('the HTTP/1.1 node endpoints on the gRPC port', () => {
  test('GET /ping answers that the ping was handled', async () => {
    const answer = await httpRequest('GET', '/ping', { accept: 'application/json' });
    expect(answer.httpVersion).toBe('1.1');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ text: 'Ping request successfully handled' });
  });

  test('GET /info names the version, the node state and the features', async () => {
    const answer = await httpRequest('GET', '/info', { accept: 'application/json' });
    expect(answer.status).toBe(200);
    const info = z
      .object({
        esVersion: z.string().min(1),
        state: z.string(),
        features: z.object({
          projections: z.boolean(),
          userManagement: z.boolean(),
          atomPub: z.boolean(),
        }),
      })
      .parse(JSON.parse(answer.text));
    // A single node, or the leader of a cluster, is what the suite writes to.
    expect(info.state).toBe('leader');
    expect(info.esVersion).toMatch(/^\d+\.\d+/);
  });

  test('GET /health/live is 204 No Content while the node runs', async () => {
    const answer = await httpRequest('GET', '/health/live');
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
  });

  test('GET /stats reports the process, the machine and the queues', async () => {
    const answer = await httpRequest('GET', '/stats', { accept: 'application/json' });
    expect(answer.status).toBe(200);
    const stats = z
      .object({
        proc: z.object({ id: z.number().int().positive(), mem: z.number().positive() }),
        sys: z.object({ freeMem: z.number().nonnegative() }),
        es: z.object({ queue: z.record(z.string(), z.object({ queueName: z.string() })) }),
      })
      .parse(JSON.parse(answer.text));
    expect(Object.keys(stats.es.queue).length).toBeGreaterThan(0);
  });

  test('a browser may call it from another origin: a preflight is answered and ES- headers allowed', async () => {
    const preflight = await httpRequest('OPTIONS', '/streams/anything', {
      origin: 'http://tool.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'es-expectedversion',
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain(
      'es-expectedversion',
    );
    const ping = await httpRequest('GET', '/ping', { origin: 'http://tool.example' });
    expect(ping.headers['access-control-allow-origin']).toBe('*');
  });
});
