import type { Theme } from '#lib/theme.ts';
import type { User } from '#lib/roles.ts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, checked against the API in hooks.server.ts; null when signed out. */
      user: User | null;
      /** The session token (never sent to the browser: it lives in an httpOnly cookie). */
      token: string | null;
      theme: Theme;
      /** IANA time zone the browser reported (cookie), UTC until it has. */
      timeZone: string;
    }
  }
}

export {};
