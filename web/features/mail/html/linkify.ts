/**
 * Plain-text mail: find the links in a text and return it as pieces, so the
 * view can render text nodes and <a> elements. No HTML is ever built from
 * message text, so `"><script>` in a message is just characters.
 */
export type TextPiece = string | { text: string; href: string };

// Scheme URLs, www. hosts and bare addresses. Character classes only: no
// nested quantifiers for a long line to backtrack through. An address starts
// only where a run of address characters starts (the lookbehind): with \b it
// was tried again after every dot of a run, and a megabyte of "a.b.c…" cost
// 64 steps per character, seconds of a frozen tab.
const CANDIDATE = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|www\.[^\s<>"]+)|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/gi;

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };

/**
 * Trailing punctuation belongs to the sentence, except a ) that closes a ( inside
 * the URL. Brackets are counted once: counting them again for every character
 * trimmed made a URL ending in 100,000 ")" take hours.
 */
function trimTrailing(candidate: string): string {
  const count = new Map<string, number>();
  for (const char of candidate) {
    if ('()[]{}<>'.includes(char)) count.set(char, (count.get(char) ?? 0) + 1);
  }
  let end = candidate.length;
  for (;;) {
    const last = candidate[end - 1];
    if (last && '.,;:!?\'"*_'.includes(last)) {
      end--;
    } else if (last && last in OPENER) {
      const closers = count.get(last) ?? 0;
      if ((count.get(OPENER[last] ?? '') ?? 0) >= closers) break;
      count.set(last, closers - 1);
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
