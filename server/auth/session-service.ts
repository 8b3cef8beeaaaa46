import type { SessionRepository } from '../store/session-repository';
import { newToken, openPassword, sealPassword, sessionIdOf } from './session-crypto';

export interface ActiveSession {
  id: string;
  email: string;
  /** Plain only in memory for the request that needs it; sealed in the store. */
  password: string;
  csrfToken: string;
}

/** Writing last_seen_at on every request would make each read a write. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly secret: Buffer,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new id at every sign-in (SPEC §11): a fixated or leaked earlier cookie is worth nothing. */
  async create(email: string, password: string): Promise<{ token: string; session: ActiveSession }> {
    const token = newToken();
    const id = sessionIdOf(token);
    const csrfToken = newToken();
    const now = this.now();
    await this.sessions.insert({
      id,
      email,
      password_sealed: sealPassword(password, this.secret, token),
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
    });
    return { token, session: { id, email, password, csrfToken } };
  }

  async resolve(token: string): Promise<ActiveSession | null> {
    const id = sessionIdOf(token);
    const row = await this.sessions.find(id);
    if (!row) return null;
    const now = this.now();
    if (now - row.last_seen_at > this.idleMs) {
      await this.sessions.delete(id);
      return null;
    }
    let password: string;
    try {
      password = openPassword(row.password_sealed, this.secret, token);
    } catch {
      // Sealed under another server secret (rotated): the session cannot act for the user any more.
      await this.sessions.delete(id);
      return null;
    }
    if (now - row.last_seen_at > TOUCH_INTERVAL_MS) await this.sessions.touch(id, now);
    return { id, email: row.email, password, csrfToken: row.csrf_token };
  }

  /**
   * After a password change: this session keeps working with the new password
   * (sealed again under its own cookie token); the user's other sessions hold
   * the old one, which the mail server now refuses, so they end.
   */
  async changePassword(token: string, newPassword: string): Promise<void> {
    const id = sessionIdOf(token);
    const row = await this.sessions.find(id);
    if (!row) return;
    await this.sessions.updatePasswordSealed(id, sealPassword(newPassword, this.secret, token));
    await this.sessions.deleteOthersOf(row.email, id);
  }

  async destroy(id: string): Promise<void> {
    await this.sessions.delete(id);
  }

  async sweepIdle(): Promise<number> {
    return this.sessions.deleteIdleSince(this.now() - this.idleMs);
  }
}
