import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressMarks, carriesAddress } from '../../server/image-proxy/address-trackers';

// Pixels that carry the recipient's own address, hashed or encoded, as ESPs
// build them; checked against the signed-in user's addresses.

const marks = addressMarks(['Joy.Doe@MT-Example.com ', 'joy@alias.example']);
const hex = (algorithm: string, address: string) => createHash(algorithm).update(address).digest('hex');

describe('hashed-address trackers', () => {
  it.each([
    ['MD5 in the path', `https://links.shop.example/open/${hex('md5', 'joy.doe@mt-example.com')}/pixel.gif`],
    ['MD5 upper-case in the query', `https://e.shop.example/o.gif?e=${hex('md5', 'joy.doe@mt-example.com').toUpperCase()}&c=991`],
    ['SHA-1 in the query', `https://click.news.example/wf/open?upn=${hex('sha1', 'joy.doe@mt-example.com')}`],
    ['SHA-256 in the path', `https://t.mailer.example/v2/${hex('sha256', 'joy.doe@mt-example.com')}.png`],
    ['SHA-256 of the other address', `https://t.mailer.example/i?h=${hex('sha256', 'joy@alias.example')}`],
    ['base64 in the path', `https://img.news.example/track/${Buffer.from('joy.doe@mt-example.com').toString('base64')}/open.png`],
    ['base64 percent-encoded in the query', `https://img.news.example/o.png?r=${encodeURIComponent(Buffer.from('joy@alias.example').toString('base64'))}`],
    ['URL-safe base64', `https://img.news.example/o/${Buffer.from('joy@alias.example').toString('base64url')}`],
    ['the plain address percent-encoded', 'https://img.news.example/o.png?to=joy.doe%40mt-example.com'],
  ])('%s is caught', (_what, url) => {
    expect(carriesAddress(url, marks)).toBe(true);
  });

  it.each([
    ['a CDN image with a content hash', 'https://cdn.shop.example/assets/3f786850e387550fdab836ed7e6dc881de23001b.png'],
    ['the hash of someone else', `https://e.shop.example/o.gif?e=${hex('md5', 'ann@mt-example.com')}`],
    ['a malformed escape', 'https://cdn.shop.example/a%E0%A4%A.png'],
  ])('%s is not', (_what, url) => {
    expect(carriesAddress(url, marks)).toBe(false);
  });

  it('ignores what is not an address (an empty reply-to)', () => {
    expect(addressMarks(['', 'not-an-address'])).toEqual([]);
  });
});
