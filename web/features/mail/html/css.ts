import { classifyUrl, isSafeDataImage } from './url-policy';

export interface CssPolicy {
  allowRemote: boolean;
  /** Same-origin address of the attachment with this Content-ID, or null. */
  resolveCid: (contentId: string) => string | null;
  /** Called for every remote resource found, whether or not it is kept. */
  onRemote: () => void;
  /**
   * Decides a remote url() itself when given: the address to load instead
   * (the image proxy's) or null to drop it; it then also does onRemote's work.
   */
  remote?: (href: string) => string | null;
}

/**
 * Neutralise CSS from a message, for `<style>` elements and `style` attributes.
 *
 * The browser's CSS tokenizer is the adversary's friend: escapes (`u\72l(`),
 * comments (`@im/**\/port`), unclosed `url(` and strings all change what a
 * regex sees. So this works on a normalised text in which the constructs that
 * load or escape have only one spelling:
 *
 * 1. comments removed, NUL replaced;
 * 2. every backslash escape decoded; characters that would change the token
 *    structure (quotes, brackets, `;`, `:` …) become a space, so no backslash
 *    survives and nothing the browser reads differs from what we checked;
 * 3. `@import` removed (always: a stylesheet may not pull in another);
 * 4. every `url(` — quoted, unquoted or unclosed — replaced by a URL we wrote
 *    (cid: → attachment address, raster data: image, remote if allowed) or by
 *    `none`;
 * 5. other functions that take URLs or evaluate script (`image-set()`, `src()`,
 *    `expression()`, `attr()` …) replaced, arguments and all, by `none`;
 * 6. `position` values other than static/relative/absolute (fixed, sticky and
 *    `var()` that might be either) become `static`: no overlays.
 *
 * Removals leave a space behind so that removing an inner part can never join
 * two outer parts into a new token (`@im@import…;port`).
 */
export function sanitizeCss(input: string, policy: CssPolicy): string {
  let css = input.replace(/\0/g, '\uFFFD');
  css = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
  css = decodeEscapes(css);
  css = removeImports(css, policy);
  css = replaceUrls(css, policy);
  css = blockFunctions(css, policy);
  css = css.replace(/(?<![\w-])(?:-moz-binding|behavior)(?=\s*:)/gi, 'x-blocked');
  css = fixPositions(css);
  // Belt and braces: if any of the above were ever fooled, drop the lot.
  if (/@import|\\|expression\s*\(|javascript:/i.test(css)) return '';
  return css;
}

function decodeEscapes(css: string): string {
  return css.replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([\s\S])|$)/g, (_match, hex?: string, char?: string) => {
    let decoded: string;
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      decoded = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
    } else if (char === undefined || /[\n\r\f]/.test(char)) {
      return '';
    } else {
      decoded = char;
    }
    // Letters, digits, - and _ and anything non-ASCII (CJK font names, typographic quotes) keep their meaning.
    return /^[\p{L}\p{N}_-]$/u.test(decoded) || decoded.charCodeAt(0) > 0x7f ? decoded : ' ';
  });
}

const REMOTE_REFERENCE = /(?:https?:)?\/\//i;

function removeImports(css: string, policy: CssPolicy): string {
  let previous: string;
  do {
    previous = css;
    css = css.replace(/@import\b[^;]*(?:;|$)/gi, (statement) => {
      if (REMOTE_REFERENCE.test(statement)) policy.onRemote();
      return ' ';
    });
  } while (css !== previous);
  return css;
}

/** Finds every `url(` and replaces it, with its argument, by something we wrote. */
function replaceUrls(css: string, policy: CssPolicy): string {
  const pattern = /url\(/gi;
  let out = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(css))) {
    const start = match.index;
    let i = start + match[0].length;
    while (i < css.length && /\s/.test(css[i] ?? '')) i++;
    let value: string;
    const quote = css[i];
    if (quote === '"' || quote === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== quote && css[j] !== '\n') j++;
      value = css.slice(i + 1, j);
      i = j + 1;
    } else {
      const close = css.indexOf(')', i);
      const end = close === -1 ? css.length : close;
      value = css.slice(i, end).trim();
      i = end;
    }
    // Whatever follows up to the closing parenthesis (or the end, for an unclosed url) goes too.
    const close = css.indexOf(')', Math.min(i, css.length));
    const end = close === -1 ? css.length : close + 1;
    out += css.slice(last, start) + safeUrl(value, policy);
    last = end;
    pattern.lastIndex = end;
  }
  return out + css.slice(last);
}

function safeUrl(value: string, policy: CssPolicy): string {
  const url = classifyUrl(value);
  switch (url.kind) {
    case 'cid': {
      const resolved = policy.resolveCid(url.contentId);
      return resolved ? `url("${encodeForCssString(resolved)}")` : 'none';
    }
    case 'data':
      return isSafeDataImage(url) ? `url("${url.href}")` : 'none';
    case 'web': {
      if (policy.remote) {
        const kept = policy.remote(url.href);
        return kept ? `url("${encodeForCssString(kept)}")` : 'none';
      }
      policy.onRemote();
      return policy.allowRemote ? `url("${encodeForCssString(url.href)}")` : 'none';
    }
    default:
      return 'none';
  }
}

/** URL serialisation already escapes most; make sure nothing can end the string. */
function encodeForCssString(href: string): string {
  return href.replace(/["'\\\n\r\f()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// Functions that take a URL without url(…), or run code in old engines.
const BLOCKED_FUNCTION = /[\w-]*(?:image-set|image|cross-fade|element|src|expression|attr|paint)\(/gi;

/** Replaces each blocked call, with its balanced (or unclosed) argument list, by `none`. */
function blockFunctions(css: string, policy: CssPolicy): string {
  const pattern = new RegExp(BLOCKED_FUNCTION);
  let out = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(css))) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < css.length && depth > 0; i++) {
      if (css[i] === '(') depth++;
      else if (css[i] === ')') depth--;
    }
    if (REMOTE_REFERENCE.test(css.slice(match.index, i))) policy.onRemote();
    out += `${css.slice(last, match.index)} none `;
    last = i;
    pattern.lastIndex = i;
  }
  return out + css.slice(last);
}

const SAFE_POSITIONS = new Set(['static', 'relative', 'absolute', 'inherit', 'initial', 'unset', 'revert', 'revert-layer']);

function fixPositions(css: string): string {
  return css.replace(/(?<![\w-])position(\s*):([^;{}]*)(?=([;{}]|$))/gi, (declaration, _space, value: string, next: string) => {
    // `.position:hover {` is a selector, not a declaration.
    if (next === '{') return declaration;
    const keyword = value.replace(/!\s*important/i, '').trim().toLowerCase();
    return SAFE_POSITIONS.has(keyword) ? declaration : 'position: static';
  });
}
