import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ERROR_TEXTS } from '../../shared/errors';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { clientAddress } from '../http/client-address';
import { refuseForeignOrigin } from '../http/session-middleware';
import { throttledCodeCheck } from '../auth/throttle-guard';
import { normalisedLogin } from '../identity/mailbox-accounts';
import type { ImapConnectionPool } from '../mail/imap/connection-pool';
import type { Credentials } from '../mail/imap/imap-connection';
import { isAuthenticationFailure } from '../mail/imap/imap-errors';
import { davUnavailable, type DavUser } from '../dav/dav-client';
import type { DavVerdict } from '../dav/dav-password-cache';
import { checkDavPath } from '../dav/dav-path';

/** Where phones and desktop clients reach their address books and calendars. */
export const DAV_PREFIX = '/dav';
/** As Radicale's own max_content_length in scripts/stack/templates/radicale.conf. */
const MAX_DAV_BODY_BYTES = 20_000_000;

const SAFE_METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'PROPFIND', 'REPORT']);
const DAV_METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE', 'PROPFIND', 'PROPPATCH', 'REPORT', 'MKCOL', 'MKCALENDAR', 'MOVE']);
/** What a DAV client may tell the DAV server; everything else (cookies, its own auth) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'depth', 'if-match', 'if-none-match', 'overwrite', 'prefer', 'brief', 'user-agent'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'etag', 'dav', 'allow', 'last-modified', 'preference-applied', 'location'];

const REALM = 'Basic realm="Tern", charset="UTF-8"';

/**
 * `/dav/*`: an authenticating reverse proxy to the DAV server for CardDAV and
 * CalDAV clients. HTTP Basic is checked against the user's app passwords or
 * IMAP password (authenticate), with the sign-in throttle; the request then goes on as that user (the DAV server
 * trusts the BFF), and only to the user's own collections.
 */
export const davProxyRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    // Every refusal of the credentials names the scheme, so clients ask their user for a password (RFC 7235).
    if (c.res.status === 401) c.res.headers.set('WWW-Authenticate', REALM);
  })
  .use(bodyLimit({ maxSize: MAX_DAV_BODY_BYTES, onError: () => { throw new DomainError('too_large', 'The request is too large.'); } }))
  .all('/*', async (c) => {
    if (!DAV_METHODS.has(c.req.method)) throw new DomainError('method_not_allowed', `${c.req.method} is not supported here.`, { allow: [...DAV_METHODS] });
    // Basic credentials a browser remembers would go along with another site's form: refused like the API's.
    if (!SAFE_METHODS.has(c.req.method)) refuseForeignOrigin(c);
    const user = await authenticate(c);
    const path = allowedPath(new URL(c.req.url).pathname.slice(DAV_PREFIX.length), user.name);
    return forward(c, user, path);
  });

/** `/.well-known/carddav` and `/.well-known/caldav` (RFC 6764) lead clients to the proxy. */
export const wellKnownDavRoutes = new Hono<AppEnv>().all('/:service{carddav|caldav}', (c) => c.redirect(`${DAV_PREFIX}/`, 301));

/**
 * Who the Basic credentials are (issue 18): an app password of the login's
 * account, or the mail password, which opens /dav/ only while the account has
 * no two-step sign-in (else it would skip the second step). Both are checked
 * under the sign-in throttle, and remembered for a minute per process; a
 * remembered app password is looked up again, so a revoked one stops at once
 * on every instance.
 */
async function authenticate(c: Context<AppEnv>): Promise<DavUser> {
  const credentials = basicCredentials(c.req.header('authorization'));
  if (!credentials) throw unauthorized('Sign in with your email address and password.');
  const { imap, throttle, dav, appPasswords } = c.var.deps;
  const appPasswordsOffered = dav.settings.auth === 'remote-user';

  let verdict = dav.verifiedPasswords.get(credentials.email, credentials.password);
  if (verdict?.kind === 'app' && !(await appPasswords.exists(verdict.id))) verdict = undefined;
  if (!verdict) {
    let found: DavVerdict | undefined;
    await throttledCodeCheck(throttle, { login: credentials.email, address: clientAddress(c) }, async () => {
      const app = appPasswordsOffered ? await appPasswords.verify(credentials.email, credentials.password) : null;
      if (app) found = { kind: 'app', ...app };
      else if (await mailPasswordRight(imap, credentials)) found = { kind: 'mail' };
      return found !== undefined;
    }, () => unauthorized(ERROR_TEXTS.badCredentials));
    verdict = found!;
    dav.verifiedPasswords.remember(credentials.email, credentials.password, verdict);
  }
  if (verdict.kind === 'app') return dav.userOfAccount(verdict.account);
  if (await c.var.deps.twoFactor.hasSecondStep(await c.var.deps.accounts.of(credentials))) throw unauthorized(ERROR_TEXTS.davNeedsAppPassword);
  return dav.user(credentials);
}

/** The IMAP server's word on the mail password: a refusal is an answer, anything else (server down) is not. */
async function mailPasswordRight(imap: ImapConnectionPool, credentials: Credentials): Promise<boolean> {
  try {
    await imap.verify(credentials);
    return true;
  } catch (err) {
    if (isAuthenticationFailure(err)) return false;
    throw err;
  }
}

/** The login spelled as the web sign-in form spells it (normalisedLogin), so both doors name one user. */
function basicCredentials(header: string | undefined): Credentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { email: normalisedLogin(decoded.slice(0, colon)), password: decoded.slice(colon + 1) };
}

function unauthorized(message: string): DomainError {
  return new DomainError('bad_credentials', message);
}

function allowedPath(rawPath: string, user: string): string {
  const verdict = checkDavPath(rawPath, user);
  if (!verdict.allowed) throw new DomainError('forbidden', `This address is not yours (${verdict.reason}).`);
  return verdict.path;
}

async function forward(c: Context<AppEnv>, user: DavUser, path: string): Promise<Response> {
  const davUrl = c.var.deps.dav.settings.url;
  const headers = new Headers(user.headers);
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  // Radicale writes its hrefs below this prefix (other servers ignore it).
  headers.set('x-script-name', DAV_PREFIX);
  const destination = c.req.header('destination');
  if (destination !== undefined) headers.set('destination', rewriteDestination(destination, user, davUrl));

  const target = targetUrl(davUrl, path, user.name);
  // Buffered (bounded by the body limit), not streamed: Radicale's WSGI server
  // cannot read a chunked request body and would see an empty one.
  const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.arrayBuffer();
  let upstream: Response;
  try {
    upstream = await fetch(target, { method: c.req.method, headers, body, redirect: 'manual' });
  } catch (err) {
    throw davUnavailable(err);
  }
  const responseHeaders = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

/**
 * The URL the request goes to, checked once more after URL parsing has
 * normalised it: still the root or under the user's own collection. checkDavPath
 * makes this hold; this keeps it holding if that check or the base URL changes.
 */
function targetUrl(davUrl: URL, path: string, user: string): URL {
  const base = davUrl.pathname.replace(/\/$/, '');
  const target = new URL(base + path, davUrl);
  const below = target.pathname.startsWith(`${base}/`) ? target.pathname.slice(base.length) : null;
  const owner = below?.split('/')[1];
  const own = below === '/' || (owner !== undefined && owner !== '' && decodeURIComponent(owner).toLowerCase() === user);
  if (target.origin !== davUrl.origin || !own) throw new DomainError('forbidden', 'This address is not yours.');
  return target;
}

/** MOVE names its target in a header: it must pass the same check, and is re-pointed at the DAV server. */
function rewriteDestination(destination: string, user: DavUser, davUrl: URL): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new DomainError('bad_request', 'The Destination header is not a URL.');
  }
  if (!url.pathname.startsWith(`${DAV_PREFIX}/`)) throw new DomainError('forbidden', 'This destination is not yours.');
  const path = allowedPath(url.pathname.slice(DAV_PREFIX.length), user.name);
  return new URL(DAV_PREFIX + path, davUrl).href;
}
