import { createHash } from 'node:crypto';
import type { ImapFlowOptions } from 'imapflow';
import type { Config } from '../../config';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Connections are shared only by sessions holding the same password (the pool's
 * and the live watchers' key): a changed password is never bypassed by a
 * connection opened with the old one.
 */
export function credentialsKey({ email, password }: Credentials): string {
  return `${email}\0${createHash('sha256').update(password).digest('base64')}`;
}

/** What every IMAP connection of Tern's shares; the pool and the live watcher add their own IDLE rules. */
export function connectionOptions(options: Config['imap'], { email, password }: Credentials): ImapFlowOptions {
  return {
    host: options.host,
    port: options.port,
    secure: options.security === 'tls',
    doSTARTTLS: options.security === 'starttls' ? true : options.security === 'none' ? false : undefined,
    auth: { user: email, pass: password },
    logger: false,
    // CONDSTORE's ENABLE costs every new connection a round trip; STATUS HIGHESTMODSEQ needs only the capability.
    disableAutoEnable: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  };
}
