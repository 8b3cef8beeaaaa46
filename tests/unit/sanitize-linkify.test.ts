import { describe, expect, it } from 'vitest';
import { linkify } from '../../web/features/mail/html/linkify';

const links = (text: string) => linkify(text).filter((p) => typeof p !== 'string');

describe('linkify (plain-text mail)', () => {
  it('returns the text unchanged when it has no links', () => {
    expect(linkify('Hello\nworld')).toEqual(['Hello\nworld']);
    expect(linkify('')).toEqual([]);
  });

  it('links http(s), www. and e-mail addresses, keeping every character of the text', () => {
    const text = 'See https://example.com/a?b=1&c=2#d, www.example.org and mail joy@mt-example.com.';
    const pieces = linkify(text);
    expect(pieces.map((p) => (typeof p === 'string' ? p : p.text)).join('')).toBe(text);
    expect(links(text)).toEqual([
      { text: 'https://example.com/a?b=1&c=2#d', href: 'https://example.com/a?b=1&c=2#d' },
      { text: 'www.example.org', href: 'https://www.example.org/' },
      { text: 'joy@mt-example.com', href: 'mailto:joy@mt-example.com' },
    ]);
  });

  it('leaves trailing punctuation out, but keeps balanced parentheses', () => {
    expect(links('(see https://example.com/x).')).toEqual([{ text: 'https://example.com/x', href: 'https://example.com/x' }]);
    expect(links('https://en.wikipedia.org/wiki/Tern_(bird)!')[0]?.text).toBe('https://en.wikipedia.org/wiki/Tern_(bird)');
  });

  it('never links script or data URLs', () => {
    for (const text of ['javascript:alert(1)', 'JAVASCRIPT://%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
      expect(links(text), text).toEqual([]);
    }
  });

  it('stops a link at quotes and angle brackets, so markup in the text stays text', () => {
    expect(links('https://example.com/"><img src=x onerror=alert(1)>')).toEqual([
      { text: 'https://example.com/', href: 'https://example.com/' },
    ]);
  });

  it('is fast on long runs that look almost like addresses', () => {
    const start = performance.now();
    linkify('a.'.repeat(50_000) + ' ' + 'x'.repeat(100_000) + '@');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('linkify on lines of extreme shape', () => {
  it('trims 20,000 unbalanced ")" from a URL (counted once, not once per character)', () => {
    expect(linkify(`see https://tern.example/x${')'.repeat(20_000)}`)).toEqual(['see ', { text: 'https://tern.example/x', href: 'https://tern.example/x' }, ')'.repeat(20_000)]);
  });

  it('finds the address at the end of a megabyte of dotted words', () => {
    const run = 'a.b-c.'.repeat(170_000);
    expect(linkify(`${run} joy@mt-example.com`).at(-1)).toEqual({ text: 'joy@mt-example.com', href: 'mailto:joy@mt-example.com' });
  });
});
