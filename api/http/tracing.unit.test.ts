import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { orderMixin } from '../../infra/logger.ts';
import { requestLogging } from './observe.ts';
import { requestTracing } from './tracing.ts';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** An app with the product's request middleware, logging at `level` into `lines`. */
const appLogging = async (level: string, lines: Record<string, unknown>[]) => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level, mixin: orderMixin, base: null }, sink);
  const app = express();
  app.use(requestTracing, requestLogging(logger));
  app.get('/api/orders/:id', (req, res) => {
    req.log.info('looked the order up');
    res.json({ orderId: req.params.id });
  });
  app.get('/api/missing', (_req, res) => {
    res.status(404).json({});
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
};

describe('request logs', () => {
  it('given an order route, then its lines, the request log included, name the order without the route adding it', async () => {
    const lines: Record<string, unknown>[] = [];
    const url = await appLogging('debug', lines);

    await (await fetch(`${url}/api/orders/o-7`)).text();

    expect(lines.map((line) => [line.msg, line.orderId, line.correlationId])).toEqual([
      ['looked the order up', 'o-7', 'o-7'],
      ['request completed', 'o-7', 'o-7'],
    ]);
    expect(lines[1]?.level).toBe(20);
  });

  it('given the default level, then a successful request is not logged and a 4xx is, at warn', async () => {
    const lines: Record<string, unknown>[] = [];
    const url = await appLogging('info', lines);

    await (await fetch(`${url}/api/orders/o-8`)).text();
    await (await fetch(`${url}/api/missing`)).text();

    expect(lines.map((line) => [line.msg, line.level])).toEqual([
      ['looked the order up', 30],
      ['request completed', 40],
    ]);
  });
});
