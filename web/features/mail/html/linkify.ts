/**
 * Plain-text mail: find the links in a text and return it as pieces, so the
 * view can render text nodes and <a> elements. No HTML is ever built from
 * message text, so `"><script>` in a message is just characters.
 */
export type TextPiece = string | { text: string; href: string };

// Scheme URLs, www. hosts and bare addresses. Character classes only: no
// nested quantifiers for a long line to backtrack through.
const CANDIDATE = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|www\.[^\s<>"]+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})/gi;

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Trailing punctuation belongs to the sentence, except a ) that closes a ( inside the URL. */
function trimTrailing(candidate: string): string {
  let end = candidate.length;
  for (;;) {
    const last = candidate[end - 1];
    if (last && '.,;:!?\'"*_'.includes(last)) {
      end--;
    } else if (last && ')]}>'.includes(last)) {
      const open = { ')': '(', ']': '[', '}': '{', '>': '<' }[last] ?? '';
      const body = candidate.slice(0, end);
      if (body.split(open).length >= body.split(last).length) break;
      end--;
    } else {
      break;
    }
  }
  return candidate.slice(0, end);
}

function toHref(text: string): string | null {
  let target = text;
  if (/^www\./i.test(text)) target = `https://${text}`;
  else if (!/^[a-z]+:/i.test(text)) target = `mailto:${text}`;
  try {
    const url = new URL(target);
    return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const linkText = trimTrailing(match[0]);
    const href = linkText ? toHref(linkText) : null;
    if (!href) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push({ text: linkText, href });
    last = match.index + linkText.length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}
