import { createHash } from 'node:crypto';

/** A phone syncing sends dozens of requests, each with Basic auth; one IMAP login per minute is enough. */
const TTL_MS = 60_000;
/** Bounds memory under a flood of distinct (wrong or right) credentials. */
const MAX_ENTRIES = 10_000;

/**
 * Remembers, per process, which (address, password) pairs the IMAP server
 * accepted a moment ago. Keys are SHA-256 digests, so the cache holds no
 * password; a changed password misses and is checked afresh.
 */
export class DavPasswordCache {
  private readonly verifiedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  has(email: string, password: string): boolean {
    const key = keyOf(email, password);
    const until = this.verifiedUntil.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.verifiedUntil.delete(key);
    return false;
  }

  remember(email: string, password: string): void {
    if (this.verifiedUntil.size >= MAX_ENTRIES) this.dropExpired();
    // Still full of live entries: forget the oldest (Map keeps insertion order).
    if (this.verifiedUntil.size >= MAX_ENTRIES) this.verifiedUntil.delete(this.verifiedUntil.keys().next().value!);
    this.verifiedUntil.set(keyOf(email, password), this.now() + TTL_MS);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, until] of this.verifiedUntil) if (until <= now) this.verifiedUntil.delete(key);
  }
}

function keyOf(email: string, password: string): string {
  return createHash('sha256').update(`${email.toLowerCase()}\0${password}`).digest('base64');
}
