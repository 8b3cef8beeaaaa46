/**
 * Which DAV paths a phone may reach through /dav/: the root (where it asks
 * "who am I") and everything under its own /<user>/ collection tree. Hand-written
 * because the check is specific to our proxy; it works on the *raw* request
 * path so that no decoding step of ours or the DAV server's can turn an allowed
 * path into a forbidden one.
 */
export type DavPathVerdict = { allowed: true; path: string } | { allowed: false; reason: string };

/** Percent-encoded '/', '\' and '%' (double encoding): a segment must never hide a separator. */
const HIDDEN_SEPARATOR = /%(2f|5c|25)/i;

/**
 * `rawPath` is the request path below the proxy's prefix, still percent-encoded
 * (e.g. "/joy%40mt-example.com/contacts/"). Returns the path to forward, each
 * segment re-encoded from its decoded form.
 */
export function checkDavPath(rawPath: string, userName: string): DavPathVerdict {
  if (rawPath !== '' && !rawPath.startsWith('/')) return { allowed: false, reason: 'not an absolute path' };
  const segments = rawPath.split('/').slice(1);
  const trailingSlash = segments.at(-1) === '';
  if (trailingSlash) segments.pop();
  if (segments.length === 0) return { allowed: true, path: '/' };
  const decoded: string[] = [];
  for (const segment of segments) {
    if (segment === '') return { allowed: false, reason: 'empty path segment' };
    if (HIDDEN_SEPARATOR.test(segment)) return { allowed: false, reason: 'encoded separator' };
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return { allowed: false, reason: 'bad percent-encoding' };
    }
    if (value === '.' || value === '..' || /[\\/\0]/.test(value)) return { allowed: false, reason: 'dot or separator segment' };
    decoded.push(value);
  }
  if (decoded[0]!.toLowerCase() !== userName) return { allowed: false, reason: "another user's collection" };
  return { allowed: true, path: `/${decoded.map(encodeURIComponent).join('/')}${trailingSlash ? '/' : ''}` };
}
