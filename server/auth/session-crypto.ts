import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: the cookie token and the CSRF token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The store keys sessions by the token's hash, never by the token itself. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The password key needs both the server secret and the cookie token: the
 * store alone (a leaked backup) cannot be decrypted, nor can a stolen secret
 * without the user's cookie.
 */
function passwordKey(secret: Buffer, token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(token), 'tern session password v1', 32));
}

export function sealPassword(password: string, secret: Buffer, token: string): string {
  return seal(password, passwordKey(secret, token));
}

/** Throws when the token or secret do not match what sealed it. */
export function openPassword(sealed: string, secret: Buffer, token: string): string {
  return open(sealed, passwordKey(secret, token));
}

/**
 * Secrets the BFF must read back without any cookie (a user's TOTP key, at
 * sign-in): sealed under the server secret alone, with a key per purpose
 * (the HKDF info) and per account (the salt), so a leaked database reveals
 * nothing without the secret, and one purpose's key opens nothing else.
 */
export function sealStoredSecret(plain: string, secret: Buffer, purpose: StoredSecretPurpose, account: string): string {
  return seal(plain, storedSecretKey(secret, purpose, account));
}

/** Throws when the secret, purpose or account do not match what sealed it. */
export function openStoredSecret(sealed: string, secret: Buffer, purpose: StoredSecretPurpose, account: string): string {
  return open(sealed, storedSecretKey(secret, purpose, account));
}

export type StoredSecretPurpose = 'tern totp secret v1';

function storedSecretKey(secret: Buffer, purpose: StoredSecretPurpose, account: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(account), purpose, 32));
}

/** AES-256-GCM: iv, tag and ciphertext in one base64 string. */
function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function open(sealed: string, key: Buffer): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
