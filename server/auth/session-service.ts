import { sessionEndReasonSchema, type SessionEndReason } from '../../shared/api/session';
import type { SessionRepository, StoredSession } from '../store/session-repository';
import { newToken, openPassword, sealPassword, sessionIdOf } from './session-crypto';

export interface ActiveSession {
  id: string;
  email: string;
  /** The mailbox's account (server/identity/): whose settings and devices these are. */
  account: string;
  /** Plain only in memory for the request that needs it; sealed in the store. */
  password: string;
  csrfToken: string;
  stage: SessionStage;
}

/**
 * How far the sign-in got: 'signed-in'; or half signed in, the password right
 * and usable only for what finishes the sign-in: 'second-step' (a code to
 * enter), 'setup' (TERN_REQUIRE_2FA: two-step sign-in to turn on first).
 */
export type SessionStage = 'signed-in' | 'second-step' | 'setup';
const SESSION_STAGES: readonly SessionStage[] = ['signed-in', 'second-step', 'setup'];

export type SessionLookup =
  | { active: true; session: ActiveSession; /** When it ends unless it is used again (epoch ms). */ expiresAt: number }
  | { active: false; reason: SessionEndReason };

export interface SessionLifetimes {
  /** A session nobody used for this long ends (TERN_SESSION_IDLE_MINUTES). */
  idleMs: number;
  /** A session ends this long after sign-in, however busy (TERN_SESSION_MAX_DAYS). */
  maxMs: number;
  /** A half signed-in session ends this long after the password was checked (five minutes unless a test says otherwise). */
  halfSignedInMs?: number;
}

const HALF_SIGNED_IN_MS = 5 * 60_000;

/**
 * What keeps a session alive: a user's request does; the event stream only
 * watches (its heartbeats and reconnects are the browser's, not the user's).
 */
export type SessionUse = 'request' | 'watch';

/** Writing last_seen_at on every request would make each read a write. */
const MAX_TOUCH_INTERVAL_MS = 60_000;

/** Where a session signed in from, for the list of signed-in devices. */
export interface SignInDevice {
  userAgent: string | null;
  address: string | null;
}

const NO_DEVICE: SignInDevice = { userAgent: null, address: null };
/** A user agent longer than this is cut: it is shown, never trusted. */
const MAX_USER_AGENT_LENGTH = 512;

const ENDED: SessionLookup = { active: false, reason: 'ended' };

export class SessionService {
  /** Short idle limits (tests) touch more often, so a busy session never looks idle. */
  private readonly touchIntervalMs: number;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly secret: Buffer,
    private readonly lifetimes: SessionLifetimes,
    private readonly now: () => number = Date.now,
  ) {
    this.touchIntervalMs = Math.min(MAX_TOUCH_INTERVAL_MS, lifetimes.idleMs / 10);
  }

  /** A new id at every sign-in (SPEC §11): a fixated or leaked earlier cookie is worth nothing. */
  async create(email: string, password: string, account: string, device: SignInDevice = NO_DEVICE, stage: SessionStage = 'signed-in'): Promise<{ token: string; session: ActiveSession }> {
    const token = newToken();
    const id = sessionIdOf(token);
    const csrfToken = newToken();
    const now = this.now();
    await this.sessions.insert({
      id,
      email,
      account,
      password_sealed: sealPassword(password, this.secret, token),
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      ended_reason: null,
      user_agent: device.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      client_address: device.address,
      stage,
    });
    return { token, session: { id, email, account, password, csrfToken, stage } };
  }

  async lookup(token: string, use: SessionUse): Promise<SessionLookup> {
    const id = sessionIdOf(token);
    const row = await this.sessions.find(id);
    if (!row) return ENDED;
    if (row.ended_reason !== null) return { active: false, reason: sessionEndReasonSchema.catch('ended').parse(row.ended_reason) };
    const now = this.now();
    const stage = SESSION_STAGES.find((known) => known === row.stage) ?? 'signed-in';
    const endOfLife = row.created_at + (stage === 'signed-in' ? this.lifetimes.maxMs : (this.lifetimes.halfSignedInMs ?? HALF_SIGNED_IN_MS));
    if (now >= Math.min(row.last_seen_at + this.lifetimes.idleMs, endOfLife)) {
      await this.sessions.delete(id);
      return ENDED;
    }
    let password: string;
    try {
      password = openPassword(row.password_sealed, this.secret, token);
    } catch {
      // Sealed under another server secret (rotated): the session cannot act for the user any more.
      await this.sessions.delete(id);
      return ENDED;
    }
    let lastSeen = row.last_seen_at;
    if (use === 'request' && now - lastSeen > this.touchIntervalMs) {
      await this.sessions.touch(id, now);
      lastSeen = now;
    }
    return {
      active: true,
      session: { id, email: row.email, account: row.account, password, csrfToken: row.csrf_token, stage },
      expiresAt: Math.min(lastSeen + this.lifetimes.idleMs, endOfLife),
    };
  }

  /**
   * After a password change: this session keeps working with the new password
   * (sealed again under its own cookie token); every other session of the
   * mailbox, whichever address it signed in with, holds the old one, which the
   * mail server now refuses, so they end. Returns the ids of those ended.
   */
  async changePassword(token: string, newPassword: string): Promise<string[]> {
    const id = sessionIdOf(token);
    const row = await this.sessions.find(id);
    if (!row) return [];
    await this.sessions.updatePasswordSealed(id, sealPassword(newPassword, this.secret, token));
    return this.sessions.endOthersOfAccount(row.account, id, 'password-changed' satisfies SessionEndReason);
  }

  /** The account's sessions still alive: the list of signed-in devices. */
  async listOfAccount(account: string): Promise<StoredSession[]> {
    const now = this.now();
    const rows = await this.sessions.listOfAccount(account);
    return rows.filter((row) => row.stage === 'signed-in' && now < Math.min(row.last_seen_at + this.lifetimes.idleMs, row.created_at + this.lifetimes.maxMs));
  }

  /**
   * "Sign out" of one device: ends that session of this account (another
   * account's id ends nothing), its tabs told why on whichever instance they
   * are; false when no such session was alive.
   */
  async signOutDevice(account: string, id: string): Promise<boolean> {
    return this.sessions.endOfAccount(account, id, 'signed-out-elsewhere' satisfies SessionEndReason);
  }

  /** "Sign out everywhere else": returns the ids of the sessions ended. */
  async signOutOtherDevices(account: string, keepId: string): Promise<string[]> {
    return this.sessions.endOthersOfAccount(account, keepId, 'signed-out-elsewhere' satisfies SessionEndReason);
  }

  /** Ends a session for a reason its tabs are told (its row stays until the sweep). */
  async end(id: string, reason: SessionEndReason): Promise<void> {
    await this.sessions.end(id, reason);
  }

  async destroy(id: string): Promise<void> {
    await this.sessions.delete(id);
  }

  async sweepExpired(): Promise<number> {
    const now = this.now();
    return this.sessions.deleteExpired(now - this.lifetimes.idleMs, now - this.lifetimes.maxMs, now - (this.lifetimes.halfSignedInMs ?? HALF_SIGNED_IN_MS));
  }
}
