// @vitest-environment jsdom
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from '../../web/features/mail/html/sanitize';

/**
 * Every vector of the shared XSS corpus (DOMPurify's fixtures, H5SC, OWASP's
 * filter-evasion sheet, PayloadsAllTheThings) goes through the sanitiser, with
 * and without remote content, and the result is checked for everything that
 * could execute, post, load remotely or escape the frame. The corpus lives
 * beside the repository (../shared/corpora/xss, see its SOURCE.md), or where
 * TERN_XSS_CORPUS points.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir =
  [process.env.TERN_XSS_CORPUS, join(repoRoot, '../shared/corpora/xss')].find(
    (dir): dir is string => !!dir && existsSync(dir),
  ) ?? null;

interface Vector {
  id: string;
  payload: string;
  category: string;
}

const vectors: Vector[] = corpusDir
  ? readdirSync(corpusDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .flatMap((name) => JSON.parse(readFileSync(join(corpusDir, name), 'utf8')) as Vector[])
  : [];

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select',
  'textarea', 'svg', 'math', 'meta', 'link', 'base', 'template', 'noscript', 'audio', 'video', 'source',
  'animate', 'set', 'use', 'foreignobject', 'portal', 'isindex', 'xmp', 'plaintext', 'noembed', 'noframes',
]);
// The only URLs that may remain anywhere: web links (on <a>), mailto/tel, raster data: images.
const SCRIPT_URL = /^(?:java|vb|live)script:|^data:(?!image\/(?:png|gif|jpeg|jpg|webp|bmp|avif|x-icon)[;,])/i;
const REMOTE = /^(?:https?:)?\/\//i;
// Attributes a browser follows or loads; others (title, alt …) are only text, whatever they say.
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'background', 'action', 'formaction', 'poster', 'data', 'cite', 'xlink:href',
  'lowsrc', 'dynsrc', 'ping', 'longdesc', 'usemap', 'codebase', 'manifest', 'profile', 'classid',
]);

/** Everything wrong with a sanitised fragment, as readable strings (empty = clean). */
function problems(fragment: DocumentFragment, allowRemote: boolean): string[] {
  const found: string[] = [];
  for (const el of fragment.querySelectorAll('*')) {
    const name = el.localName.toLowerCase();
    if (el.namespaceURI !== HTML_NS) found.push(`foreign element <${name}> in ${el.namespaceURI}`);
    if (FORBIDDEN_ELEMENTS.has(name)) found.push(`<${name}>`);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\p{Cc}\s]/gu, '');
      if (/^on/i.test(attr.name)) found.push(`${name}[${attr.name}]`);
      if (URL_ATTRIBUTES.has(attr.name) && SCRIPT_URL.test(value)) found.push(`${name}[${attr.name}=${attr.value.slice(0, 40)}]`);
      if (!allowRemote && URL_ATTRIBUTES.has(attr.name) && attr.name !== 'href' && REMOTE.test(value.replace(/\\/g, '/'))) found.push(`remote ${name}[${attr.name}]`);
      if (attr.name === 'href' && name !== 'a') found.push(`href on <${name}>`);
      if (attr.name === 'target' && attr.value !== '_blank') found.push(`target=${attr.value}`);
      if (/^(?:formaction|action|xlink:href|xmlns|srcdoc|ping|http-equiv)$/i.test(attr.name)) found.push(`${name}[${attr.name}]`);
    }
    if (name === 'a' && el.getAttribute('rel') !== 'noopener noreferrer') found.push('<a> without rel=noopener noreferrer');
    const css = name === 'style' ? el.textContent ?? '' : el.getAttribute('style') ?? '';
    if (/@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:/i.test(css)) found.push(`css: ${css.slice(0, 60)}`);
    if (/position\s*:\s*(?:fixed|sticky)/i.test(css)) found.push('css: fixed/sticky position');
    for (const [, url = ''] of css.matchAll(/url\(\s*["']?([^"')]*)/gi)) {
      if (!allowRemote && REMOTE.test(url)) found.push(`css remote url(${url.slice(0, 40)})`);
      if (SCRIPT_URL.test(url)) found.push(`css url(${url.slice(0, 40)})`);
    }
  }
  return found;
}

describe('XSS corpus', () => {
  it.skipIf(!corpusDir)('is present (SKIPPED when ../shared/corpora/xss is absent, as in a fresh clone; CI has it)', () => {
    expect(vectors.length).toBeGreaterThan(500);
    expect(new Set(vectors.map((v) => v.category))).toEqual(new Set(['mxss', 'svg-math', 'css', 'uri', 'event', 'script', 'other']));
  });

  it.skipIf(!corpusDir)('has a checker that sees the attacks in the raw payloads (skipped without the corpus)', () => {
    const flagged = vectors.filter((v) => {
      const raw = document.createElement('template');
      raw.innerHTML = v.payload;
      return problems(raw.content, false).length > 0;
    });
    // Most vectors are attacks the checker must see; DOMPurify's benign fixtures are not.
    expect(flagged.length / vectors.length).toBeGreaterThan(0.6);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s is neutralised', (_id, vector) => {
    for (const allowRemote of [false, true]) {
      const { fragment } = sanitizeMessageHtml(vector.payload, { allowRemote, resolveCid: () => '/api/messages/1/attachments/2?folder=INBOX&inline=1' });
      expect(problems(fragment, allowRemote), `allowRemote=${allowRemote}`).toEqual([]);

      // The app never re-parses the output, but if anyone ever did, it must stay clean (mXSS).
      const reparsed = document.createElement('template');
      const holder = document.createElement('div');
      holder.append(fragment.cloneNode(true));
      reparsed.innerHTML = holder.innerHTML;
      expect(problems(reparsed.content, allowRemote), `re-parsed, allowRemote=${allowRemote}`).toEqual([]);
    }
  });
});
