import { isKnownTracker } from '../../../../shared/trackers';

/**
 * Tracking images, never loaded even when the user allows remote content
 * (the reading pane counts them: "N trackers blocked"):
 * - an image drawn 1×1 or smaller (attributes or inline style), or hidden:
 *   it shows nothing, it only reports that the message was opened;
 * - an address on a known tracker's host (shared/trackers.ts);
 * - an address unique to the recipient: it carries one of the message's
 *   recipient addresses, plain, URL-encoded or base64 (a hashed address
 *   cannot be told from any other identifier, so that kind goes through).
 */
export function trackerDetector(recipients: readonly string[]): (href: string, element: Element | null) => boolean {
  const marks = recipients
    .map((address) => address.trim().toLowerCase())
    .filter((address) => address.includes('@'))
    .flatMap((address) => [address, encodeURIComponent(address).toLowerCase(), ...base64Forms(address)]);
  return (href, element) => {
    if (isKnownTracker(href)) return true;
    if (element && isInvisibleImage(element)) return true;
    const lower = safeDecode(href).toLowerCase();
    return marks.some((mark) => lower.includes(mark) || href.toLowerCase().includes(mark));
  };
}

function base64Forms(address: string): string[] {
  const bytes = new TextEncoder().encode(address);
  const standard = btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
  // Compared lower-cased like the rest; a false match on base64 of an address is all but impossible.
  return [standard.toLowerCase(), standard.replace(/\+/g, '-').replace(/\//g, '_').toLowerCase()];
}

function safeDecode(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

const TINY = 1;

function isInvisibleImage(element: Element): boolean {
  if (element.nodeName !== 'IMG') return false;
  const style = element.getAttribute('style') ?? '';
  if (/(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const width = pixels(element.getAttribute('width')) ?? pixels(styleValue(style, 'width'));
  const height = pixels(element.getAttribute('height')) ?? pixels(styleValue(style, 'height'));
  return width !== null && height !== null && width <= TINY && height <= TINY;
}

function styleValue(style: string, property: 'width' | 'height'): string | null {
  return new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`, 'i').exec(style)?.[1] ?? null;
}

/** "1", "1px", "0.5px" → the number; percentages, "auto" and the like → null (not tiny). */
function pixels(value: string | null): number | null {
  const match = value === null ? null : /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*(?:!important)?\s*$/i.exec(value);
  return match ? Number(match[1]) : null;
}
