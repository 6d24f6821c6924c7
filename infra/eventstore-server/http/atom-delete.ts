import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { ExpectedVersion } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { reply } from './replies.ts';

const expectedSchema = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number)
  .refine((n) => n >= 0 || n === -1 || n === -2 || n === -4);

/**
 * KurrentDB's `DELETE /streams/{s}`: a soft delete, or a tombstone with `ES-HardDelete: true`,
 * at `ES-ExpectedVersion` (any by default): 204, 400 "Wrong expected EventNumber", 410.
 */
export const atomDeleteRoutes = (router: Router, store: Store): void => {
  const remove = async (request: Request, response: Response) => {
    const stream = String(request.params.stream);
    const header = request.get('ES-ExpectedVersion');
    const expected =
      header === undefined
        ? { success: true as const, data: ExpectedVersion.any }
        : expectedSchema.safeParse(header);
    if (!expected.success)
      return reply(response, 400, 'ES-ExpectedVersion header in wrong format.');
    const hard = request.get('ES-HardDelete')?.toLowerCase();
    if (hard !== undefined && hard !== 'true' && hard !== 'false')
      return reply(response, 400, 'ES-HardDelete header in wrong format.');
    const outcome =
      hard === 'true'
        ? await store.tombstone(stream, expected.data)
        : await store.softDelete(stream, expected.data);
    switch (outcome.kind) {
      case 'success':
        return response.status(204).end();
      case 'wrong-expected-version':
        response.set('ES-CurrentVersion', String(outcome.current));
        return reply(response, 400, 'Wrong expected EventNumber');
      case 'stream-deleted':
        return reply(response, 410, 'Stream deleted');
    }
  };
  router.delete('/streams/:stream', (request, response, next) => {
    remove(request, response).catch(next);
  });
};
