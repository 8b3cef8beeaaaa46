import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A phone syncing sends dozens of requests, each with Basic auth; one IMAP login per minute is enough. */
const TTL_MS = 60_000;
/** Bounds memory under a flood of distinct (wrong or right) credentials: past this the least recently used go. */
const MAX_ENTRIES = 10_000;

/**
 * Remembers, per process, which (address, password) pairs the IMAP server
 * accepted a moment ago. Keys are SHA-256 digests, so the cache holds no
 * password; a changed password misses and is checked afresh.
 */
export class DavPasswordCache {
  private readonly verified: LRUCache<string, true>;

  constructor(now: () => number = Date.now) {
    this.verified = new LRUCache<string, true>({ max: MAX_ENTRIES, ttl: TTL_MS, ttlResolution: 0, perf: { now } });
  }

  has(email: string, password: string): boolean {
    return this.verified.has(keyOf(email, password));
  }

  remember(email: string, password: string): void {
    this.verified.set(keyOf(email, password), true);
  }

  get size(): number {
    return this.verified.size;
  }
}

function keyOf(email: string, password: string): string {
  return createHash('sha256').update(`${email.toLowerCase()}\0${password}`).digest('base64');
}
