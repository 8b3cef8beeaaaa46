/**
 * What a URL found in a message points at, decided by the browser's own URL
 * parser (so `\\host`, tabs inside the scheme, `HTTP:` and the like classify
 * as the browser will load them, not as a regex guesses).
 */
export type UrlKind =
  | { kind: 'web'; href: string }
  | { kind: 'mailto'; href: string }
  | { kind: 'tel'; href: string }
  | { kind: 'cid'; contentId: string }
  | { kind: 'data'; href: string; mediaType: string }
  /** Relative to wherever the message is shown: our own origin. Never followed. */
  | { kind: 'relative' }
  | { kind: 'other' };

// Relative URLs resolve against this; anything still on it afterwards was relative.
const SENTINEL = 'https://relative.tern.invalid/';
const SENTINEL_HOST = 'relative.tern.invalid';

export function classifyUrl(raw: string): UrlKind {
  let url: URL;
  try {
    url = new URL(raw.trim(), SENTINEL);
  } catch {
    return { kind: 'other' };
  }
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return url.hostname === SENTINEL_HOST ? { kind: 'relative' } : { kind: 'web', href: url.href };
    case 'mailto:':
      return { kind: 'mailto', href: url.href };
    case 'tel:':
      return { kind: 'tel', href: url.href };
    case 'cid:':
      return { kind: 'cid', contentId: normalizeContentId(url.href.slice('cid:'.length)) };
    case 'data:': {
      const mediaType = /^data:([^;,]*)/i.exec(url.href)?.[1]?.trim().toLowerCase() ?? '';
      return { kind: 'data', href: url.href, mediaType };
    }
    default:
      return { kind: 'other' };
  }
}

/**
 * Raster images only: SVG can carry script and links, and the frame's
 * policy allows `data:` for images alone.
 */
const SAFE_DATA_IMAGE_TYPES = new Set(['image/png', 'image/gif', 'image/jpeg', 'image/jpg', 'image/webp', 'image/bmp', 'image/avif', 'image/x-icon']);

export function isSafeDataImage(url: Extract<UrlKind, { kind: 'data' }>): boolean {
  return SAFE_DATA_IMAGE_TYPES.has(url.mediaType) && !/["'\\\s]/.test(url.href);
}

/**
 * `cid:` URLs are URL-encoded Content-IDs without the angle brackets
 * (RFC 2392); Content-ID headers carry the brackets. Compare them bare.
 */
export function normalizeContentId(value: string): string {
  let id = value.trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // Keep the raw form: a stray % is a malformed id, not an error.
  }
  return id.replace(/^<|>$/g, '').trim();
}
