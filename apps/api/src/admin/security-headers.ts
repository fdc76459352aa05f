import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

import { DOCS_PATH } from './openapi.js';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of the admin port: the console loads its own scripts, styles and images and talks to
 * its own origin (HTTP and the socket.io live feed; `'self'` covers ws:// to the same host in CSP Level 3). Nothing
 * inline, no plug-ins, no framing, no `<base>` or form posts elsewhere.
 */
export const ADMIN_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The OpenAPI UI at `/docs` (swagger-ui) styles some elements inline; everything else as `ADMIN_CSP`. */
export const DOCS_CSP: Directives = { ...ADMIN_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

const NO_STORE_PATHS = /^\/(admin|health|docs)(\/|-json|-yaml|$)/;

/** `Cache-Control: no-store` on the admin API, health and API description: state must never come from a cache. */
function noStore(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (NO_STORE_PATHS.test(req.url ?? '')) {
    res.setHeader('Cache-Control', 'no-store');
  }
  next();
}

/**
 * helmet on every admin-port response: CSP (`ADMIN_CSP`, `DOCS_CSP` under /docs), `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, cross-origin isolation headers. No HSTS
 * and no `upgrade-insecure-requests`: the admin port speaks plain HTTP unless a proxy in front terminates TLS,
 * which is where HSTS belongs.
 */
export function configureSecurityHeaders(app: NestExpressApplication): void {
  const csp = (directives: Directives) => ({ useDefaults: false, directives });
  app.use(
    helmet({
      contentSecurityPolicy: csp(ADMIN_CSP),
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  app.use(`/${DOCS_PATH}`, helmet.contentSecurityPolicy(csp(DOCS_CSP)));
  app.use(noStore);
}
