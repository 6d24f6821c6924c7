import type { RequestHandler } from 'express';
import helmet, { contentSecurityPolicy, strictTransportSecurity } from 'helmet';

/**
 * Headers on every answer, UI pages included: no MIME sniffing, no framing, same-origin referrers
 * and resources. The UI's Content-Security-Policy is SvelteKit's own (`csp` in ui/vite.config.ts,
 * with a nonce for its inline start-up script), so helmet sets none there.
 */
export const securityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: false,
  strictTransportSecurity: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

/** API and ops answers are data, never a document to run: nothing may load from or frame them. */
export const apiContentSecurityPolicy: RequestHandler = contentSecurityPolicy({
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
});

/** The paths whose answers are the API's, not the UI's. */
export const apiPaths = ['/api', '/health', '/ready', '/metrics'];

const hsts = strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: false });

/**
 * HSTS on https answers only (a browser ignores it over http anyway, and a plain-http development
 * run must not teach the browser to insist on https for localhost). Behind a TLS-terminating
 * proxy, `req.secure` holds only with TRUST_PROXY set; the proxy may send HSTS itself instead.
 * Subdomains are left out: the product does not know what else lives on its domain.
 */
export const httpsOnlyHsts: RequestHandler = (req, res, next) => {
  if (req.secure) hsts(req, res, next);
  else next();
};
