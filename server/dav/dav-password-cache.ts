import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A phone syncing sends dozens of requests, each with Basic auth; one IMAP login per minute is enough. */
const TTL_MS = 60_000;
/** Bounds memory under a flood of distinct (wrong or right) credentials: past this the least recently used go. */
const MAX_ENTRIES = 10_000;

/** Which password it was: the mail password (the IMAP server said yes), or one of the account's app passwords. */
export type DavVerdict = { kind: 'mail' } | { kind: 'app'; id: string; account: string };

const MAIL_PASSWORD: DavVerdict = { kind: 'mail' };

/**
 * Remembers, per process, which (address, password) pairs were accepted a
 * moment ago, and as what. Keys are SHA-256 digests, so the cache holds no
 * password; a changed password misses and is checked afresh.
 */
export class DavPasswordCache {
  private readonly verified: LRUCache<string, DavVerdict>;

  constructor(now: () => number = Date.now) {
    this.verified = new LRUCache<string, DavVerdict>({ max: MAX_ENTRIES, ttl: TTL_MS, ttlResolution: 0, perf: { now } });
  }

  has(email: string, password: string): boolean {
    return this.verified.has(keyOf(email, password));
  }

  get(email: string, password: string): DavVerdict | undefined {
    return this.verified.get(keyOf(email, password));
  }

  remember(email: string, password: string, verdict: DavVerdict = MAIL_PASSWORD): void {
    this.verified.set(keyOf(email, password), verdict);
  }

  get size(): number {
    return this.verified.size;
  }
}

function keyOf(email: string, password: string): string {
  return createHash('sha256').update(`${email.toLowerCase()}\0${password}`).digest('base64');
}
