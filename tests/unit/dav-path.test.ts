import { describe, expect, it } from 'vitest';
import { DavPasswordCache } from '../../server/dav/dav-password-cache';
import { checkDavPath } from '../../server/dav/dav-path';

const joy = 'joy@mt-example.com';

describe('which /dav/ paths a user may reach', () => {
  it('allows the root and the own collection tree, re-encoded', () => {
    expect(checkDavPath('', joy)).toEqual({ allowed: true, path: '/' });
    expect(checkDavPath('/', joy)).toEqual({ allowed: true, path: '/' });
    expect(checkDavPath('/joy%40mt-example.com/', joy)).toEqual({ allowed: true, path: '/joy%40mt-example.com/' });
    expect(checkDavPath('/Joy@MT-example.com/book/a%20b.vcf', joy)).toEqual({ allowed: true, path: '/Joy%40MT-example.com/book/a%20b.vcf' });
  });

  it.each([
    ['another user', '/sam%40mt-example.com/'],
    ['dot-dot', '/joy%40mt-example.com/../sam%40mt-example.com/'],
    ['encoded dot-dot', '/joy%40mt-example.com/%2e%2e/sam%40mt-example.com/'],
    ['encoded slash', '/joy%40mt-example.com%2F..%2Fsam%40mt-example.com/'],
    ['double encoding', '/joy%40mt-example.com/%252e%252e/'],
    ['encoded backslash', '/joy%40mt-example.com/..%5csam/'],
    ['empty segment', '//sam%40mt-example.com/'],
    ['bad escape', '/joy%40mt-example.com/%zz/'],
    ['relative', 'joy%40mt-example.com/'],
  ])('refuses %s', (_, path) => {
    expect(checkDavPath(path, joy).allowed).toBe(false);
  });
});

describe('the /dav/ password check cache', () => {
  it('remembers a verified password for a minute, and only that password', () => {
    let now = 1_000;
    const cache = new DavPasswordCache(() => now);
    cache.remember('Joy@mt-example.com', 'secret');
    expect(cache.has('joy@mt-example.com', 'secret')).toBe(true);
    expect(cache.has('joy@mt-example.com', 'other')).toBe(false);
    now += 61_000;
    expect(cache.has('joy@mt-example.com', 'secret')).toBe(false);
  });
});
