import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { InvalidToken, type TokenVerifier } from '../auth/tokens.ts';

/** The UI keeps the token in this httpOnly cookie, so browser JavaScript never sees it. */
export const sessionCookie = 'ol_session';

/** Who connected, and until when their token holds (ms since the epoch; undefined: no expiry). */
export interface LiveSession {
  readonly principal: Principal;
  readonly expiresAt: number | undefined;
  /** Kept to check again while the connection lasts: signing out ends it too. */
  readonly token: string;
}

/** The handshake was refused; the client sees connect_error "unauthorized" with this reason. */
export class HandshakeRefused extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super('unauthorized');
    this.name = 'HandshakeRefused';
    this.reason = reason;
  }
}

const authSchema = z.object({ token: z.string().min(1).max(8192) });

/** One cookie's value from a Cookie header (RFC 6265 pairs); undefined when it is not there. */
export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator === -1 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair.slice(separator + 1).trim();
    const value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
};

/**
 * A cookie is sent by the browser whoever's page opened the connection, so a cookie counts only
 * from a page of ours: no Origin (not a browser), the same host, or one of `trustedOrigins`.
 */
const fromOurPage = (headers: IncomingHttpHeaders, trustedOrigins: readonly string[]): boolean => {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (trustedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
};

/**
 * The principal of a handshake: the JWT in `auth.token`, else the `ol_session` cookie. Throws
 * HandshakeRefused when neither is there or the one there does not verify.
 */
export const authenticateHandshake = async (
  handshake: { auth: unknown; headers: IncomingHttpHeaders },
  verifier: TokenVerifier,
  trustedOrigins: readonly string[] = [],
): Promise<LiveSession> => {
  const fromAuth = authSchema.safeParse(handshake.auth);
  let token = fromAuth.success ? fromAuth.data.token : undefined;
  if (token === undefined) {
    token = cookieValue(handshake.headers.cookie, sessionCookie);
    if (token !== undefined && !fromOurPage(handshake.headers, trustedOrigins))
      throw new HandshakeRefused('the session cookie came from a page of another origin');
  }
  if (token === undefined)
    throw new HandshakeRefused(`send the token in auth.token or the ${sessionCookie} cookie`);
  try {
    const principal = await verifier.verify(token);
    const { exp } = decodeJwt(token);
    const expiresAt = exp === undefined ? undefined : exp * 1000;
    // The verifier forgives a few seconds of clock skew; a session cut at expiry must not
    // reconnect within them, or it would be cut again at once.
    if (expiresAt !== undefined && expiresAt <= Date.now())
      throw new HandshakeRefused('the token has expired');
    return { principal, expiresAt, token };
  } catch (error) {
    if (error instanceof InvalidToken) throw new HandshakeRefused(error.reason);
    throw error;
  }
};
