import { Hono } from 'hono';
import { z } from 'zod';
import { signImagesRequestSchema, type SignedImages } from '../../shared/api/image-proxy';
import { isKnownTracker } from '../../shared/trackers';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
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
    const signed: SignedImages['urls'] = {};
    for (const url of urls) {
      if (isWebUrl(url) && !isKnownTracker(url)) signed[url] = c.var.deps.imageProxy.proxiedPath(account, url);
    }
    return c.json<SignedImages>({ urls: signed });
  })
  .get('/', async (c) => {
    const { url, sig } = parseQuery(proxyQuerySchema, c);
    const account = await c.var.deps.accounts.of(c.var.session);
    if (!c.var.deps.imageProxy.isSigned(account, url, sig)) throw new DomainError('forbidden', 'That image address was not signed for you.');
    const image = await c.var.deps.imageProxy.image(account, url);
    c.header('Content-Type', image.type);
    c.header('Content-Length', String(image.bytes.length));
    // An image and nothing else: no script, no plugin, no navigation, even opened on its own.
    c.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Disposition', 'inline');
    c.header('Cache-Control', 'private, max-age=600');
    return c.body(new Uint8Array(image.bytes));
  });
