import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from './deps';
import type { AppEnv } from './http/app-env';
import { davProxyRoutes, DAV_PREFIX, wellKnownDavRoutes } from './routes/dav-proxy';
import { DomainError } from './domain-error';
import { handleError, handleNotFound } from './http/error-handler';
import { gzipJson } from './http/gzip-json';
import { refuseUserinfo } from './http/request-target';
import { noStoreJson, securityHeaders } from './http/security-headers';
import { staticFiles } from './http/static-files';
import { calendarRoutes } from './routes/calendar';
import { invitationRoutes } from './routes/invitations';
import { composeRoutes } from './routes/compose';
import { contactRoutes } from './routes/contacts';
import { eventRoutes } from './routes/events';
import { filterRoutes } from './routes/filters';
import { imageProxyRoutes } from './routes/image-proxy';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { folderRoutes } from './routes/folders';
import { messageRoutes } from './routes/messages';
import { preferenceRoutes } from './routes/preferences';
import { sessionRoutes } from './routes/session';
import { securityRoutes } from './routes/security';
import { antispamRoutes } from './routes/antispam';
import { autoreplyRoutes } from './routes/autoreply';
import { passwordRoutes } from './routes/password';
import { snoozeRoutes } from './routes/snoozes';
import { twoFactorRoutes } from './routes/two-factor';
import { threadRoutes } from './routes/threads';
import { uploadRoutes } from './routes/uploads';

/** JSON bodies of this API are small; uploads (compose) get their own streamed limit. */
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

const jsonBodyLimit = bodyLimit({ maxSize: JSON_BODY_LIMIT_BYTES, onError: () => { throw new DomainError('too_large', 'The request is too large.'); } });

/**
 * GET and HEAD carry no body, and asking for one (as bodyLimit does) makes
 * @hono/node-server build a full WHATWG Request for every read: about 0.1 ms
 * of CPU per GET (see README, Performance).
 */
const limitRequestBody: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : jsonBodyLimit(c, next);

export function createApp(deps: Deps) {
  const api = new Hono<AppEnv>()
    .use(limitRequestBody)
    // JSON (message lists, bodies) shrinks to a fifth gzipped; the event stream and downloads are left alone.
    .use(gzipJson)
    .route('/session', sessionRoutes)
    .route('/folders', folderRoutes)
    .route('/messages', messageRoutes)
    .route('/events', eventRoutes)
    .route('/calendars', calendarRoutes)
    .route('/invitations', invitationRoutes)
    .route('/compose', composeRoutes)
    .route('/preferences', preferenceRoutes)
    .route('/contacts', contactRoutes)
    .route('/settings/antispam', antispamRoutes)
    .route('/settings/autoreply', autoreplyRoutes)
    .route('/settings/password', passwordRoutes)
    .route('/filters', filterRoutes)
    .route('/unsubscribe', unsubscribeRoutes)
    .route('/image-proxy', imageProxyRoutes)
    .route('/snoozes', snoozeRoutes)
    .route('/security', securityRoutes)
    .route('/two-factor', twoFactorRoutes)
    .route('/threads', threadRoutes);
  api.notFound(handleNotFound);

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(securityHeaders(deps.config.secureTransport));
  app.use(noStoreJson);
  app.use(refuseUserinfo);
  // Before the API's JSON body limit: uploads stream with their own limit.
  app.route('/api/uploads', uploadRoutes);
  app.route('/api', api);
  app.all('/api/*', handleNotFound);
  app.route(DAV_PREFIX, davProxyRoutes);
  app.route('/.well-known', wellKnownDavRoutes);
  app.route('/', staticFiles(deps.config.staticDir));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
