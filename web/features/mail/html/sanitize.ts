import DOMPurify, { type Config, type UponSanitizeAttributeHookEvent } from 'dompurify';
import { MAX_HTML_NESTING } from '../../../../shared/limits';
import { sanitizeCss, type CssPolicy } from './css';
import { limitNesting } from './nesting';
import { classifyUrl, isSafeDataImage } from './url-policy';

export interface SanitizeOptions {
  /** Keep http(s) images and CSS backgrounds (after the user clicked "Show remote content"). */
  allowRemote?: boolean;
  /** Same-origin address of the attachment with this Content-ID (bare, without <>), or null. */
  resolveCid?: (contentId: string) => string | null;
  /**
   * With allowRemote: the address a remote image loads from instead (the
   * image proxy's, on our origin), or null to drop it. Without: as written.
   */
  proxy?: (href: string) => string | null;
  /** Tracking images (trackers.ts): never kept, never offered, only counted. */
  isTracker?: (href: string, element: Element | null) => boolean;
}

export interface SanitizedHtml {
  /**
   * Owned by an inert document; import it into the frame's document
   * (`importNode`), never serialise and re-parse it: re-parsing sanitised
   * markup is where mutation XSS comes from.
   */
  fragment: DocumentFragment;
  /** The message asked for remote resources (kept only if allowRemote). */
  hasRemoteContent: boolean;
  /** Those remote addresses (trackers left out), each once: what the image proxy is asked to sign. */
  remoteUrls: string[];
  /** Distinct tracking images left out whatever allowRemote says. */
  trackersBlocked: number;
}

// The allow-list. Everything not named here goes, with its attributes. Left out
// on purpose: script, style sheets by link, forms and their controls, frames,
// object/embed, media, SVG and MathML (animate/set/use and foreign content are
// where washers have failed), meta/base/link, template, noscript.
const ALLOWED_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'style', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

const ALLOWED_ATTR = [
  'align', 'alt', 'background', 'bgcolor', 'border', 'cellpadding', 'cellspacing', 'class', 'color',
  'colspan', 'datetime', 'dir', 'face', 'headers', 'height', 'href', 'hspace', 'id', 'lang', 'nowrap',
  'open', 'reversed', 'role', 'rowspan', 'scope', 'size', 'span', 'src', 'srcset', 'start', 'style',
  'summary', 'title', 'type', 'valign', 'value', 'vspace', 'width',
];

const FORBID_TAGS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select',
  'option', 'textarea', 'svg', 'math', 'meta', 'link', 'base', 'template', 'noscript', 'portal', 'audio',
  'video', 'source', 'track', 'dialog',
];

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  // Mail puts <style> in <head>; without this the parser would leave it out of the body we get back.
  FORCE_BODY: true,
  RETURN_DOM_FRAGMENT: true,
};

const LINK_KINDS = new Set(['web', 'mailto', 'tel']);

/** Sanitise a message's HTML into a detached fragment; see SanitizedHtml for how to use it. */
export function sanitizeMessageHtml(html: string, options: SanitizeOptions = {}): SanitizedHtml {
  const allowRemote = options.allowRemote ?? false;
  const resolveCid = options.resolveCid ?? (() => null);
  const isTracker = options.isTracker ?? (() => false);
  const proxy = options.proxy ?? ((href: string) => href);
  let hasRemoteContent = false;
  const remoteUrls = new Set<string>();
  const trackers = new Set<string>();

  /** Every remote image address found passes here: a tracker goes, the rest is kept (through the proxy) only if allowed. */
  function remote(href: string, element: Element | null): string | null {
    if (isTracker(href, element)) {
      trackers.add(href);
      return null;
    }
    hasRemoteContent = true;
    remoteUrls.add(href);
    return allowRemote ? proxy(href) : null;
  }

  const css: CssPolicy = {
    allowRemote,
    resolveCid,
    onRemote: () => {
      hasRemoteContent = true;
    },
    remote: (href) => remote(href, null),
  };

  /** src / background: the places a message loads an image from. */
  function resourceUrl(value: string, element: Element): string | null {
    const url = classifyUrl(value);
    switch (url.kind) {
      case 'cid':
        return resolveCid(url.contentId);
      case 'data':
        return isSafeDataImage(url) ? url.href : null;
      case 'web':
        return remote(url.href, element);
      default:
        return null;
    }
  }

  function srcset(value: string, element: Element): string | null {
    const candidates = value.split(/,(?=\s)|,$/).map((c) => c.trim()).filter(Boolean);
    const kept: string[] = [];
    for (const candidate of candidates) {
      const [address = '', ...descriptors] = candidate.split(/\s+/);
      const url = classifyUrl(address);
      if (url.kind !== 'web') return null;
      const loaded = remote(url.href, element);
      if (loaded) kept.push([loaded, ...descriptors.filter((d) => /^\d+(?:\.\d+)?[wx]$/.test(d))].join(' '));
    }
    return kept.length > 0 ? kept.join(', ') : null;
  }

  function onAttribute(node: Element, data: UponSanitizeAttributeHookEvent): void {
    const tag = node.nodeName.toLowerCase();
    let value: string | null = data.attrValue;
    switch (data.attrName) {
      case 'style':
        value = sanitizeCss(data.attrValue, css).trim() || null;
        break;
      case 'href': {
        const url = classifyUrl(data.attrValue);
        value = tag === 'a' && LINK_KINDS.has(url.kind) && 'href' in url ? url.href : null;
        break;
      }
      case 'src':
        value = tag === 'img' ? resourceUrl(data.attrValue, node) : null;
        break;
      case 'srcset':
        value = tag === 'img' ? srcset(data.attrValue, node) : null;
        break;
      case 'background':
        value = resourceUrl(data.attrValue, node);
        break;
    }
    if (value === null) data.keepAttr = false;
    else data.attrValue = value;
  }

  const purify = DOMPurify();
  purify.addHook('uponSanitizeAttribute', onAttribute);
  purify.addHook('afterSanitizeElements', (node) => {
    // Upper-case nodeName means an HTML element (SVG and MathML ones are removed anyway).
    if (node.nodeName === 'STYLE') {
      node.textContent = sanitizeCss(node.textContent ?? '', css);
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (node.nodeName === 'IMG') {
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  });

  // A <frameset> document has no <body>, and then DOMPurify has nothing to return.
  const fragment: DocumentFragment | null = purify.sanitize(limitNesting(html, MAX_HTML_NESTING), CONFIG);
  return {
    fragment: fragment ?? document.implementation.createHTMLDocument('').createDocumentFragment(),
    hasRemoteContent,
    remoteUrls: [...remoteUrls],
    trackersBlocked: trackers.size,
  };
}
