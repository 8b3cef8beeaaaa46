// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from '../../web/features/mail/html/sanitize';
import { trackerDetector } from '../../web/features/mail/html/trackers';

const isTracker = trackerDetector(['joy@mt-example.com']);
const proxy = (href: string) => `/api/image-proxy?url=${encodeURIComponent(href)}`;

function shown(html: string, allowRemote: boolean) {
  const result = sanitizeMessageHtml(html, { isTracker, allowRemote, proxy });
  const root = document.createElement('div');
  root.append(result.fragment);
  return { ...result, root };
}

describe('tracking images', () => {
  it.each([
    ['1×1 by attributes', '<img src="https://a.example/p.gif" width="1" height="1">'],
    ['0×0 by attributes', '<img src="https://a.example/p.gif" width="0" height="0">'],
    ['1×1 by inline style', '<img src="https://a.example/p.gif" style="width: 1px; height:1px !important">'],
    ['1×1 mixed', '<img src="https://a.example/p.gif" width="1" style="height:1px">'],
    ['hidden', '<img src="https://a.example/p.gif" style="display:none">'],
    ['a known tracker host', '<img src="https://eu.sendgrid.net/wf/open?upn=xyz" width="600">'],
    ['the recipient in the URL', '<img src="https://a.example/o.png?to=joy@mt-example.com" width="600">'],
    ['the recipient URL-encoded', '<img src="https://a.example/o.png?to=JOY%40MT-EXAMPLE.COM">'],
    ['the recipient in base64', `<img src="https://a.example/o/${btoa('joy@mt-example.com').replace(/=+$/, '')}.png">`],
    ['the recipient in a srcset', '<img srcset="https://a.example/o.png?r=joy%40mt-example.com 1x">'],
  ])('%s is never loaded, offered or proxied, only counted', (_what, html) => {
    for (const allowRemote of [false, true]) {
      const result = shown(html, allowRemote);
      expect(result.trackersBlocked).toBe(1);
      expect(result.remoteUrls).toEqual([]);
      expect(result.hasRemoteContent).toBe(false);
      expect(result.root.querySelector('img')?.hasAttribute('src')).toBe(false);
      expect(result.root.querySelector('img')?.hasAttribute('srcset')).toBe(false);
    }
  });

  it('a known tracker in a CSS background is dropped too', () => {
    const result = shown('<div style="background:url(https://x.list-manage.com/track/open.php?u=1)">x</div>', true);
    expect(result.trackersBlocked).toBe(1);
    expect(result.root.innerHTML).not.toContain('list-manage');
  });

  it('ordinary images are offered, and once allowed go through the proxy (src, srcset, background, CSS)', () => {
    const html = [
      '<img src="https://cdn.example/a.png" width="600" height="200">',
      '<img srcset="https://cdn.example/b.png 1x, https://cdn.example/b2.png 2x">',
      '<table background="https://cdn.example/c.png"><tr><td style="background-image:url(https://cdn.example/d.png)">x</td></tr></table>',
      '<style>p{background:url("https://cdn.example/e.png")}</style><p>y</p>',
    ].join('');
    const blocked = shown(html, false);
    expect(blocked.trackersBlocked).toBe(0);
    expect(blocked.remoteUrls.sort()).toEqual(['a', 'b', 'b2', 'c', 'd', 'e'].map((name) => `https://cdn.example/${name}.png`));
    expect(blocked.root.innerHTML).not.toContain('cdn.example');

    const allowed = shown(html, true);
    expect(allowed.root.querySelector('img')?.getAttribute('src')).toBe(proxy('https://cdn.example/a.png'));
    expect(allowed.root.querySelectorAll('img')[1]?.getAttribute('srcset')).toBe(`${proxy('https://cdn.example/b.png')} 1x, ${proxy('https://cdn.example/b2.png')} 2x`);
    expect(allowed.root.querySelector('table')?.getAttribute('background')).toBe(proxy('https://cdn.example/c.png'));
    // Nothing points at the sender's server any more, in attributes or CSS.
    expect(allowed.root.innerHTML.replace(/url=[^"&)]+/g, '')).not.toContain('cdn.example');
  });

  it('an address the proxy did not sign is dropped, not loaded directly', () => {
    const result = sanitizeMessageHtml('<img src="https://cdn.example/a.png">', { allowRemote: true, proxy: () => null, isTracker });
    const root = document.createElement('div');
    root.append(result.fragment);
    expect(root.querySelector('img')?.hasAttribute('src')).toBe(false);
  });

  it('a large image and a percentage size are not pixels', () => {
    expect(shown('<img src="https://cdn.example/a.png" width="1" height="100%">', false).trackersBlocked).toBe(0);
    expect(shown('<img src="https://cdn.example/a.png" width="10" height="1">', false).trackersBlocked).toBe(0);
  });
});
