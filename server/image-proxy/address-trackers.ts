import { createHash } from 'node:crypto';

/**
 * The forms in which a per-recipient pixel carries the user's own address in
 * its URL: plain, and as the hex MD5, SHA-1 or SHA-256 of the lower-cased
 * address, or base64 (standard or URL-safe). The reading pane already catches
 * the plain and base64 forms of the message's recipients; the hashes need
 * node:crypto (the browser has no synchronous MD5), so the BFF checks them
 * when it signs the images, against the signed-in user's own addresses.
 */
export function addressMarks(addresses: readonly string[]): string[] {
  const unique = new Set(addresses.map((address) => address.trim().toLowerCase()).filter((address) => address.includes('@')));
  return [...unique].flatMap((address) => {
    const base64 = Buffer.from(address).toString('base64').replace(/=+$/, '');
    return [
      address,
      ...(['md5', 'sha1', 'sha256'] as const).map((algorithm) => createHash(algorithm).update(address).digest('hex')),
      // Compared lower-cased like the rest: a chance match of base64 of an address is all but impossible.
      base64.toLowerCase(),
      base64.replace(/\+/g, '-').replace(/\//g, '_').toLowerCase(),
    ];
  });
}

/** True when the URL (path or query, percent-decoded or not) carries one of the marks. */
export function carriesAddress(href: string, marks: readonly string[]): boolean {
  const raw = href.toLowerCase();
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the raw form is still searched.
  }
  return marks.some((mark) => raw.includes(mark) || decoded.includes(mark));
}
