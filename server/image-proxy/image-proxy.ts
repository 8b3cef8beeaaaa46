import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { isKnownTracker } from '../../shared/trackers';
import { DomainError } from '../domain-error';
import { storeUnavailable } from '../store/database';
import { PublicFetchError, type FetchRequest, type PublicFetch } from '../net/public-fetch';
import { sniffImageType } from './image-sniff';

/** One image at most this large; mail images are rarely past a few hundred KB. */
export const IMAGE_PROXY_MAX_BYTES = 5 * 1024 * 1024;
/** A message's images are asked for once and then from this copy (several tabs, reopening). */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Remote fetches per account (cached copies are free): a newsletter-heavy
 * morning is a few hundred images; a script looping over signed URLs to use
 * Tern as a fetcher is held to about one a second.
 */
export const IMAGE_FETCH_LIMIT = { points: 600, seconds: 10 * 60 } as const;

/**
 * What an <img> gets instead of an image when the user is over the limit: a
 * 1×1 light grey GIF, stretched to the image's box, so the message keeps its
 * layout and shows a plain placeholder rather than a broken-image icon.
 */
export const IMAGE_PLACEHOLDER_GIF = Buffer.from('R0lGODlhAQABAIAAAMzMzAAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const IMAGE_REQUEST: FetchRequest = {
  accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
  // Plain http too: many newsletters still link their images so, and the image
  // is judged by its bytes either way. The user's privacy is the same: the
  // sender sees Tern's address, not the user's.
  protocols: ['https:', 'http:'],
  maxBytes: IMAGE_PROXY_MAX_BYTES,
  maxRedirects: 3,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 10_000,
};

export interface ProxiedImage {
  type: string;
  bytes: Buffer;
}

/**
 * The privacy image proxy: a message's remote images load through the BFF, so
 * the sender sees neither the user's address nor cookies nor a referrer.
 * Only URLs the BFF signed for this account are fetched (HMAC under a key
 * derived from the server secret), so the endpoint is no open fetcher: other
 * sites and other users cannot use it for their own URLs.
 */
export class ImageProxy {
  private readonly key: Buffer;
  private readonly cache = new LRUCache<string, ProxiedImage>({
    maxSize: CACHE_MAX_BYTES,
    sizeCalculation: (image) => Math.max(1, image.bytes.length),
    ttl: CACHE_TTL_MS,
  });

  constructor(
    serverSecret: Buffer,
    private readonly fetcher: PublicFetch,
    /** Remote fetches per account, counted in the shared store like the sign-in throttle (IMAGE_FETCH_LIMIT). */
    private readonly fetchLimit: RateLimiterAbstract,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), 'tern image proxy v1', 32));
  }

  sign(account: string, url: string): string {
    return createHmac('sha256', this.key).update(`${account}\n${url}`).digest('base64url');
  }

  /** The same-origin address the reading pane puts in place of a remote image's. */
  proxiedPath(account: string, url: string): string {
    return `/api/image-proxy?${new URLSearchParams({ url, sig: this.sign(account, url) }).toString()}`;
  }

  isSigned(account: string, url: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(account, url));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async image(account: string, url: string): Promise<ProxiedImage> {
    // The pane never asks for these; a hand-made request does not either.
    if (isKnownTracker(url)) throw new DomainError('forbidden', 'That image is a known tracker; Tern does not fetch it.');
    const cacheKey = `${account}\n${url}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    await this.countFetch(account);
    let answer;
    try {
      answer = await this.fetcher.fetch(url, IMAGE_REQUEST);
    } catch (error) {
      if (error instanceof PublicFetchError) {
        const code = error.reason === 'address' || error.reason === 'scheme' ? 'forbidden' : error.reason === 'too_large' ? 'too_large' : 'remote_failed';
        throw new DomainError(code, error.message, { reason: error.reason });
      }
      throw error;
    }
    if (answer.status !== 200) throw new DomainError('remote_failed', `The image's site answered ${answer.status}.`, { status: answer.status });
    const type = sniffImageType(answer.body);
    if (!type) throw new DomainError('unsupported_type', 'That address does not hold an image Tern shows.');
    const image = { type, bytes: answer.body };
    this.cache.set(cacheKey, image);
    return image;
  }

  private async countFetch(account: string): Promise<void> {
    try {
      await this.fetchLimit.consume(account);
    } catch (rejection) {
      // consume() rejects with a RateLimiterRes past the limit; anything else is the store failing.
      if (!(rejection instanceof RateLimiterRes)) throw storeUnavailable(rejection);
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new DomainError('throttled', `Too many remote images loaded in a short time: the rest load again in ${seconds} s.`, { retryAfterSeconds: seconds });
    }
  }
}
