import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '../../domain/shared/command.ts';
import type { CommandContext } from '../../infra/eventstore/command-handler.ts';
import type { Principal } from '../auth/principal.ts';

/** The request's correlation id (from X-Correlation-Id or made by the request logger). */
export const requestId = (req: Request): string =>
  typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : randomUUID();

/** The command's context: the request caused it, the order's saga correlates it. */
export const commandContext = (
  req: Request,
  principal: Principal,
  options: { correlationId: string; commandId?: string; now?: Date },
): CommandContext => ({
  commandId: options.commandId ?? randomUUID(),
  correlationId: options.correlationId,
  causationId: requestId(req),
  actor: principal.sub,
  now: options.now ?? new Date(),
});

export const actorOf = (principal: Principal): Actor => ({
  id: principal.sub,
  roles: principal.roles,
});
