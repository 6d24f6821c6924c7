import { z } from 'zod';

export const roles = ['customer', 'operator', 'auditor', 'admin', 'process'] as const;
/** 'process' is a process manager (the fulfilment saga) acting on its own authority. */
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const actorSchema = z.object({
  id: z.string().min(1),
  roles: z.array(roleSchema).readonly(),
});
export type Actor = { readonly id: string; readonly roles: readonly Role[] };

/** Time and identity come in with the command, so decisions stay pure and replayable. */
export type CommandMetadata = { readonly now: Date; readonly actor: Actor };

export type Command<Type extends string, Data> = {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
};

export const hasAnyRole = (actor: Actor, wanted: readonly Role[]): boolean =>
  wanted.some((role) => actor.roles.includes(role));

/** The command's instant as the ISO-8601 string events store. */
export const occurredAt = (command: { metadata: CommandMetadata }): string =>
  command.metadata.now.toISOString();
