import { Hono } from 'hono';
import { z } from 'zod';
import { signImagesRequestSchema, type SignedImages } from '../../shared/api/image-proxy';
import { isKnownTracker } from '../../shared/trackers';
import type { Deps } from '../deps';
import { addressMarks, carriesAddress } from '../image-proxy/address-trackers';
import { IMAGE_PLACEHOLDER_GIF } from '../image-proxy/image-proxy';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

const proxyQuerySchema = z.object({
  url: z.string().min(1, 'Name an image address.').max(4096),
  sig: z.string().min(1, 'The image address is not signed.').max(128),
});

function isWebUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The signed-in user's own addresses: a URL carrying one of them, in any form, is a per-recipient tracker. */
async function ownAddressMarks(deps: Deps, session: Credentials, account: string): Promise<string[]> {
  const { identity } = await deps.preferences.get(account);
  return addressMarks([session.email, account, identity.replyTo]);
}

/**
 * The privacy image proxy (issue 17). The reading pane asks once per message
 * for signed addresses of its images (`/sign`), then the frame loads them
 * from our origin; a signature binds the address to this account.
 */
export const imageProxyRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .post('/sign', async (c) => {
    const { urls } = parseInput(signImagesRequestSchema, await readJson(c));
    const account = await c.var.deps.accounts.of(c.var.session);
    const marks = await ownAddressMarks(c.var.deps, c.var.session, account);
    const signed: SignedImages['urls'] = {};
    const trackers: string[] = [];
    for (const url of urls) {
      if (!isWebUrl(url)) continue;
      if (isKnownTracker(url) || carriesAddress(url, marks)) trackers.push(url);
      else signed[url] = c.var.deps.imageProxy.proxiedPath(account, url);
    }
    return c.json<SignedImages>({ urls: signed, trackers });
  })
  .get('/', async (c) => {
    const { url, sig } = parseQuery(proxyQuerySchema, c);
    const account = await c.var.deps.accounts.of(c.var.session);
    if (!c.var.deps.imageProxy.isSigned(account, url, sig)) throw new DomainError('forbidden', 'That image address was not signed for you.');
    // Signed before the user added this address (reply-to) to their identity: still never fetched.
    if (carriesAddress(url, await ownAddressMarks(c.var.deps, c.var.session, account))) throw new DomainError('forbidden', 'That image carries your address: Tern does not fetch it.');
    let image;
    try {
      image = await c.var.deps.imageProxy.image(account, url);
    } catch (error) {
      // An <img> cannot show a JSON error: it gets the placeholder (same 429 and Retry-After), the message keeps its layout.
      if (error instanceof DomainError && error.code === 'throttled' && c.req.header('Sec-Fetch-Dest') === 'image') {
        const retryAfter = { 'Retry-After': String(error.details?.retryAfterSeconds ?? 60) };
        return c.body(new Uint8Array(IMAGE_PLACEHOLDER_GIF), 429, { ...retryAfter, 'Content-Type': 'image/gif', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      }
      throw error;
    }
    c.header('Content-Type', image.type);
    c.header('Content-Length', String(image.bytes.length));
    // An image and nothing else: no script, no plugin, no navigation, even opened on its own.
    c.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Disposition', 'inline');
    c.header('Cache-Control', 'private, max-age=600');
    return c.body(new Uint8Array(image.bytes));
  });
