import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

const valid = {
  TERN_SESSION_SECRET: 'a'.repeat(64),
  TERN_IMAP_HOST: '127.0.0.1',
};

describe('loadConfig', () => {
  it('applies defaults: SQLite store, TLS to IMAP, plain http on loopback', () => {
    const config = loadConfig(valid);
    expect(config.database).toEqual({ kind: 'sqlite', path: '.runtime/tern.sqlite' });
    expect(config.imap).toMatchObject({ host: '127.0.0.1', port: 993, security: 'tls', maxConnectionsPerUser: 2 });
    expect(config.secureTransport).toBe(false);
    // Eight idle hours, thirty days at most however busy.
    expect(config.sessionIdleMs).toBe(8 * 3_600_000);
    expect(config.sessionMaxMs).toBe(30 * 86_400_000);
    expect(loadConfig({ ...valid, TERN_SESSION_MAX_DAYS: '7' }).sessionMaxMs).toBe(7 * 86_400_000);
    // Temporary SMTP failures are retried for a day, as an MTA does.
    expect(config.sendRetryMs).toBe(24 * 3_600_000);
    expect(loadConfig({ ...valid, TERN_SEND_RETRY_HOURS: '1.5' }).sendRetryMs).toBe(5_400_000);
    // A hung contacts/calendar server is given up on after half a minute.
    expect(config.dav.timeoutMs).toBe(30_000);
    // Two-step sign-in is the user's choice unless the operator requires it.
    expect(config.requireTwoFactor).toBe(false);
    expect(loadConfig({ ...valid, TERN_REQUIRE_2FA: 'true' }).requireTwoFactor).toBe(true);
  });

  it('names the incoming mail server for invitations: none by default, the authserv-id following the host names unless set', () => {
    expect(loadConfig(valid).receivingServer).toEqual({ hostNames: [], authservIds: [] });
    expect(loadConfig({ ...valid, TERN_MAIL_RECEIVED_BY: 'mx1.example.com, mx2.example.com' }).receivingServer).toEqual({ hostNames: ['mx1.example.com', 'mx2.example.com'], authservIds: ['mx1.example.com', 'mx2.example.com'] });
    expect(loadConfig({ ...valid, TERN_MAIL_RECEIVED_BY: 'mx1.example.com', TERN_MAIL_AUTHSERV_ID: 'example.com' }).receivingServer.authservIds).toEqual(['example.com']);
  });

  it('turns on Secure cookies and HSTS behind an https public URL and picks PostgreSQL from DATABASE_URL', () => {
    const config = loadConfig({ ...valid, TERN_PUBLIC_URL: 'https://mail.example.com', DATABASE_URL: 'postgres://u@db/tern' });
    expect(config.secureTransport).toBe(true);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db/tern' });
  });

  it.each([
    ['TERN_IMAP_PORT', { ...valid, TERN_IMAP_PORT: '99999' }],
    ['TERN_IMAP_SECURITY', { ...valid, TERN_IMAP_SECURITY: 'maybe' }],
    ['TERN_SESSION_SECRET', { ...valid, TERN_SESSION_SECRET: 'short' }],
    ['DATABASE_URL', { ...valid, DATABASE_URL: 'mysql://x' }],
    ['TERN_SESSION_MAX_DAYS', { ...valid, TERN_SESSION_MAX_DAYS: '0' }],
    ['TERN_IMAP_HOST', { TERN_SESSION_SECRET: valid.TERN_SESSION_SECRET }],
    ['TERN_SEND_RETRY_HOURS', { ...valid, TERN_SEND_RETRY_HOURS: '0' }],
    ['TERN_MAIL_RECEIVED_BY', { ...valid, TERN_MAIL_RECEIVED_BY: 'mail.example.com; evil' }],
    ['TERN_DAV_TIMEOUT_SECONDS', { ...valid, TERN_DAV_TIMEOUT_SECONDS: '0' }],
    ['TERN_REQUIRE_2FA', { ...valid, TERN_REQUIRE_2FA: 'yes' }],
  ])('stops with a message naming %s when it is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`bad configuration[\\s\\S]*${name}`));
  });
});
