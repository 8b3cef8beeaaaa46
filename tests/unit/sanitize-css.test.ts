import { describe, expect, it } from 'vitest';
import { sanitizeCss, type CssPolicy } from '../../web/features/mail/html/css';

function run(css: string, overrides: Partial<CssPolicy> = {}) {
  let remote = false;
  const out = sanitizeCss(css, {
    allowRemote: false,
    resolveCid: (id) => (id === 'a@b' ? '/api/messages/1/attachments/2?folder=INBOX&inline=1' : null),
    onRemote: () => {
      remote = true;
    },
    ...overrides,
  });
  return { out, remote };
}

describe('sanitizeCss', () => {
  it('leaves ordinary mail CSS alone', () => {
    const css = 'p { color: #333; margin: 0 0 1em; background-position: center; font: 14px/1.4 Arial, sans-serif }';
    expect(run(css)).toEqual({ out: css, remote: false });
  });

  it('decodes escapes, keeping non-ASCII font names and dropping escaped punctuation', () => {
    expect(run('font-family: "\\5FAE\\8F6F\\96C5\\9ED1"').out).toBe('font-family: "微软雅黑"');
    expect(run('content: "\\"a\\""').out).toBe('content: " a "');
    expect(run('a { b: c\\').out).toBe('a { b: c');
    expect(run('x\\0 y').out).toBe('x\uFFFDy');
  });

  it('finds url( however it is spelt', () => {
    for (const css of [
      'background: url(http://e.example/a)',
      'background: URL( "http://e.example/a" )',
      "background: url('//e.example/a')",
      'background: u\\rl(http://e.example/a)',
      'background: \\75\\72\\6c(http://e.example/a)',
      'background: url(http://e.example/a',
      'background: url("http://e.example/a',
      'background: url("http://e.example/a\n)',
      'background: url("x) url(http://e.example/a)")',
      'background: url(\\68ttp://e.example/a)',
    ]) {
      const { out } = run(css);
      expect(out, css).not.toMatch(/e\.example/);
      expect(out, css).not.toMatch(/url\(/i);
    }
    expect(run('background: u\\rl(http://e.example/a)').remote).toBe(true);
    expect(run('background: url("http://e.example/a').remote).toBe(true);
  });

  it('keeps remote url() once allowed, quoted so it cannot end early', () => {
    const { out, remote } = run('background: url(https://cdn.example/a"b.png)', { allowRemote: true });
    expect(remote).toBe(true);
    expect(out).toBe('background: url("https://cdn.example/a%22b.png")');
  });

  it('rewrites cid: and keeps raster data: images', () => {
    expect(run('background: url(cid:a@b)').out).toBe('background: url("/api/messages/1/attachments/2?folder=INBOX&inline=1")');
    expect(run('background: url(cid:nope@b)').out).toBe('background: none');
    expect(run('background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=)').out).toBe(
      'background: url("data:image/gif;base64,R0lGODlhAQABAAAAACw=")',
    );
    expect(run('background: url(data:image/svg+xml,<svg/>)').out).toBe('background: none');
    expect(run('behavior: url(#default#VML)').out).not.toMatch(/behavior|url/);
  });

  it('removes every @import, including ones assembled from pieces', () => {
    for (const css of [
      '@import "http://e.example/a.css";',
      '@import url(http://e.example/a.css) screen;',
      '@IMPORT "x.css"',
      '@\\69mport "http://e.example/a.css";',
    ]) {
      expect(run(css).out, css).not.toMatch(/@import|e\.example/i);
    }
    // Removing the inner import leaves a space, so the outer pieces never join into a new one.
    expect(run('@im@import "a";port "http://e.example/a.css";').out).toBe('@im port "http://e.example/a.css";');
    // A comment splits the keyword in the browser too: an unknown "@im" rule that loads nothing.
    expect(run('@im/**/port "http://e.example/a.css";').out).toBe('@im port "http://e.example/a.css";');
  });

  it('turns fixed and sticky positions (and var() that might be either) into static', () => {
    expect(run('position:fixed').out).toBe('position: static');
    expect(run('top: 0; POSITION : Fixed !important; left: 0').out).toBe('top: 0; position: static; left: 0');
    expect(run('position: -webkit-sticky').out).toBe('position: static');
    expect(run('position: var(--p)').out).toBe('position: static');
    expect(run('position: absolute').out).toBe('position: absolute');
    expect(run('.position:hover{color:red}').out).toBe('.position:hover{color:red}');
    expect(run('background-position: fixed').out).toBe('background-position: fixed');
  });

  it('replaces URL-taking and script-running functions, arguments and all', () => {
    for (const css of [
      "background: image-set('http://e.example/a.png' 1x)",
      "background: -webkit-image-set(url(http://e.example/a.png) 1x)",
      'width: expression(alert(1))',
      'background: cross-fade(url(a.png), url(b.png))',
      'content: attr(data-x url)',
      'background: paint(evil)',
    ]) {
      const { out } = run(css);
      expect(out, css).not.toMatch(/image-set|expression|cross-fade|attr\(|paint\(|e\.example|alert/);
    }
  });
});
