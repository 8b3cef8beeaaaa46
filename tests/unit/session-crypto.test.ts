import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newToken, openPassword, sealPassword, sessionIdOf, tokensEqual } from '../../server/auth/session-crypto';

describe('session crypto', () => {
  const secret = randomBytes(32);

  it('round-trips a password only with the same secret and cookie token', () => {
    const token = newToken();
    const sealed = sealPassword('Tern-demo-1 ünïcode', secret, token);
    expect(sealed).not.toContain('Tern-demo-1');
    expect(openPassword(sealed, secret, token)).toBe('Tern-demo-1 ünïcode');
    expect(() => openPassword(sealed, secret, newToken())).toThrow();
    expect(() => openPassword(sealed, randomBytes(32), token)).toThrow();
  });

  it('detects a tampered ciphertext', () => {
    const token = newToken();
    const bytes = Buffer.from(sealPassword('secret', secret, token), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => openPassword(bytes.toString('base64'), secret, token)).toThrow();
  });

  it('keys the store by a hash, not the cookie token', () => {
    const token = newToken();
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdOf(token)).not.toContain(token);
    expect(newToken()).not.toBe(newToken());
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token, newToken())).toBe(false);
    expect(tokensEqual(token, 'short')).toBe(false);
  });
});
