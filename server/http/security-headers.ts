import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * SPEC §11 on every response. Scripts come only from our origin. Styles may be
 * inline because mail bodies carry their own CSS; they render in a sandboxed
 * frame without scripts. Images come only from our origin: a message's remote
 * images, once the user allows them, load through the image proxy (issue 17).
 */
export function securityHeaders(secureTransport: boolean): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: secureTransport ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    // A route that sets a stricter header keeps it (the image proxy's sandboxing CSP).
    overwrite: false,
  });
}

/**
 * JSON answers carry the user's mail, contacts and session: no cache (the
 * browser's, a shared proxy's) may keep them, e.g. for the next user of a
 * shared computer after sign-out. Routes that choose their own caching keep it.
 */
export const noStoreJson: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.get('content-type')?.startsWith('application/json') && !c.res.headers.has('cache-control')) {
    c.header('Cache-Control', 'no-store');
  }
};
