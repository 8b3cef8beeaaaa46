import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MoveResult } from '../../shared/api/actions';
import { MAX_SNOOZE_MS, SNOOZE_IN_PAST, SNOOZE_TOO_FAR, type SnoozeList, type SnoozeRequest, type UnsnoozeRequest } from '../../shared/api/snooze';
import { openPassword, sealPassword } from '../auth/session-crypto';
import { INSTANCE_STALE_MS } from '../compose/outbox';
import { DomainError } from '../domain-error';
import type { MailboxAccounts } from '../identity/mailbox-accounts';
import { normalisedLogin } from '../identity/mailbox-accounts';
import type { LiveUpdates } from '../live/live-updates';
import type { Credentials } from '../mail/imap/imap-connection';
import { openWritable, type ImapRunner } from '../mail/imap/selection';
import { messageIdsOf, moveOnce, returnToInbox, snoozedFolderPath, type SnoozeCheckpoint } from '../mail/imap/snooze-mail';
import { sameFolder } from '../mail/imap/special-folders';
import type { Database, SnoozesTable } from '../store/schema';

export interface SnoozeContext {
  db: Kysely<Database>;
  imap: ImapRunner;
  accounts: Pick<MailboxAccounts, 'of'>;
  live: Pick<LiveUpdates, 'notifyChanged'>;
  /** The server secret: seals each row's password under a key of its own. */
  secret: Buffer;
  /** This instance as the outbox's heartbeat names it: rows it holds are left to it while it beats. */
  instanceId: string;
  now?: () => number;
  /** A test seam: the fault tests kill the BFF process there. */
  checkpoint?: (point: SnoozeCheckpoint) => void;
}

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 15 * 60_000;
/** Rows of one query: IN lists stay well under SQLite's and PostgreSQL's parameter limits. */
const ROWS_AT_ONCE = 500;

/**
 * Snooze (issue 17): the message waits in "Snoozed" and comes back to the
 * top of the Inbox, unread, at its time, whoever is signed in, on any
 * instance, once. The outbox's worker runs `returnDue` on every instance; a
 * row is claimed by one UPDATE … WHERE status = 'waiting', so two instances
 * never both return it, and a row held by an instance whose heartbeat
 * stopped is claimed again (returning is safe to repeat: returnToInbox). As
 * the outbox does, each row keeps the login's password sealed for that row,
 * so the worker reaches the mailbox with nobody signed in.
 */
export class Snoozes {
  private readonly now: () => number;

  constructor(private readonly context: SnoozeContext) {
    this.now = context.now ?? Date.now;
  }

  /** Moves the messages to "Snoozed" (created on first use), each with a row that brings it back. */
  async snooze(user: Credentials, { folder, uids, until }: SnoozeRequest): Promise<MoveResult> {
    const returnAt = Date.parse(until);
    const now = this.now();
    if (returnAt <= now) throw new DomainError('bad_request', SNOOZE_IN_PAST);
    if (returnAt > now + MAX_SNOOZE_MS) throw new DomainError('bad_request', SNOOZE_TOO_FAR);
    const account = await this.context.accounts.of(user);
    const moved = new Map<number, number>();
    return this.context.imap.run(user, async ({ client }) => {
      const existing = await snoozedFolderPath(client, false);
      if (existing && sameFolder(folder, existing)) throw new DomainError('bad_request', 'These messages are snoozed already: "Unsnooze" them first to choose another time.');
      await openWritable(client, folder);
      const ids = await messageIdsOf(client, uids);
      const withoutId = [...ids.values()].filter((id) => id === null).length;
      // The one-message case is a fixed sentence, so the client can show it in the user's language.
      if (withoutId === 1) throw new DomainError('bad_request', 'A selected message has no Message-ID, by which Tern finds snoozed mail again: nothing was snoozed.');
      if (withoutId > 1) throw new DomainError('bad_request', `${withoutId} selected messages have no Message-ID, by which Tern finds snoozed mail again: nothing was snoozed.`);
      // Only now, with nothing to refuse, the folder is made on first use.
      const snoozed = existing ?? (await snoozedFolderPath(client, true))!;
      const found = [...ids.keys()];
      const rows = await this.record(user, account, [...ids.values()] as string[], returnAt);
      try {
        await moveOnce(client, found, snoozed, moved);
      } catch (err) {
        // What did not move is not snoozed: its row goes (a retry of this request makes it again).
        const unmoved = found.filter((uid) => !moved.has(uid)).flatMap((uid) => rows.get(ids.get(uid) ?? '') ?? []);
        if (unmoved.length > 0) await this.context.db.deleteFrom('snoozes').where('id', 'in', unmoved).where('status', '=', 'waiting').execute();
        throw err;
      } finally {
        await this.placeIn(ids, moved, rows);
      }
      this.context.live.notifyChanged(user.email, [folder, snoozed]);
      return { count: moved.size, from: folder, to: snoozed, uids: uids.flatMap((uid) => moved.get(uid) ?? []) };
    });
  }

  /** When each message of "Snoozed" comes back, by its UID there. */
  async list(user: Credentials): Promise<SnoozeList> {
    const account = await this.context.accounts.of(user);
    const rows = await this.context.db.selectFrom('snoozes').select(['id', 'login', 'folder_uid', 'return_at', 'attempts']).where('account', '=', account).execute();
    // A row that could not be returned may hold a password changed since: the one this session signed in with replaces it.
    for (const row of rows) {
      if (row.attempts > 0 && normalisedLogin(row.login) === normalisedLogin(user.email)) {
        await this.context.db.updateTable('snoozes').set({ password_sealed: sealPassword(user.password, this.context.secret, rowSalt(row.id)), due_at: this.now() }).where('id', '=', row.id).where('status', '=', 'waiting').execute();
      }
    }
    return {
      messages: rows.flatMap((row) => (row.folder_uid === null ? [] : [{ uid: row.folder_uid, returnAt: new Date(Number(row.return_at)).toISOString() }])),
    };
  }

  /** "Unsnooze": back to the top of the Inbox now. A message of "Snoozed" Tern did not snooze is just moved there. */
  async unsnooze(user: Credentials, { uids }: UnsnoozeRequest): Promise<MoveResult> {
    const account = await this.context.accounts.of(user);
    const moved = new Map<number, number>();
    const returned = new Set<number>();
    return this.context.imap.run(user, async ({ client }) => {
      const snoozed = await snoozedFolderPath(client, false);
      if (!snoozed) throw new DomainError('not_found', 'There is no Snoozed folder: nothing is snoozed.');
      await openWritable(client, snoozed);
      const ids = await messageIdsOf(client, uids);
      const rows = await this.rowsOf(account, [...ids.values()].filter((id): id is string => id !== null));
      const plain: number[] = [];
      for (const [uid, messageId] of ids) {
        const row = messageId === null ? undefined : rows.get(messageId);
        if (!row) plain.push(uid);
        else if (!returned.has(uid) && (await this.claim(row.id, { due: false }))) {
          await returnToInbox(client, { id: row.id, messageId: row.message_id }, new Date(this.now()), this.context.checkpoint);
          await this.context.db.deleteFrom('snoozes').where('id', '=', row.id).execute();
          returned.add(uid);
        }
      }
      await openWritable(client, snoozed);
      await moveOnce(client, plain, 'INBOX', moved);
      this.context.live.notifyChanged(user.email, [snoozed, 'INBOX']);
      return { count: returned.size + moved.size, from: snoozed, to: 'INBOX', uids: null };
    });
  }

  /** The worker's pass: returns every due message this instance can claim, after taking back what stopped instances held. */
  async returnDue(): Promise<void> {
    await this.recover();
    const due = await this.context.db
      .selectFrom('snoozes')
      .select('id')
      .where('status', '=', 'waiting')
      .where('due_at', '<=', this.now())
      .orderBy('due_at')
      .limit(20)
      .execute();
    for (const { id } of due) {
      if (await this.claim(id, { due: true })) await this.returnClaimed(id);
    }
  }

  private async returnClaimed(id: string): Promise<void> {
    const row = await this.context.db.selectFrom('snoozes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      const user = { email: row.login, password: openPassword(row.password_sealed, this.context.secret, rowSalt(row.id)) };
      const { folder } = await this.context.imap.run(user, ({ client }) =>
        returnToInbox(client, { id: row.id, messageId: row.message_id }, new Date(this.now()), this.context.checkpoint),
      );
      // Returned, or gone from Snoozed (moved or deleted by another mail app): either way there is nothing left to do.
      await this.context.db.deleteFrom('snoozes').where('id', '=', id).execute();
      this.context.live.notifyChanged(row.login, folder ? ['INBOX', folder] : ['INBOX']);
    } catch (err) {
      // The mail server down, a password changed since: the message stays in Snoozed and is tried again later.
      const message = err instanceof Error ? err.message : String(err);
      console.error('snooze: returning a message failed', message);
      const attempts = Number(row.attempts) + 1;
      const wait = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
      await this.context.db
        .updateTable('snoozes')
        .set({ status: 'waiting', claimed_by: null, attempts, error: message, due_at: this.now() + wait, updated_at: this.now() })
        .where('id', '=', id)
        .execute();
    }
  }

  /** One instance wins a row: the worker only a due one; "Unsnooze" any, also again after its own retried attempt. */
  private async claim(id: string, { due }: { due: boolean }): Promise<boolean> {
    const now = this.now();
    const { instanceId } = this.context;
    let update = this.context.db
      .updateTable('snoozes')
      .set({ status: 'returning', claimed_by: instanceId, updated_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('status', '=', 'waiting'), eb('claimed_by', '=', instanceId)]));
    if (due) update = update.where('due_at', '<=', now);
    return Number((await update.executeTakeFirst()).numUpdatedRows) > 0;
  }

  /** Rows an instance was returning when it stopped (no heartbeat): returning is safe to repeat, so they wait again. */
  private async recover(): Promise<void> {
    const now = this.now();
    const alive = this.context.db.selectFrom('outbox_instances').select('id').where('seen_at', '>', now - INSTANCE_STALE_MS);
    await this.context.db
      .updateTable('snoozes')
      .set({ status: 'waiting', claimed_by: null, updated_at: now })
      .where('status', '=', 'returning')
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', 'not in', alive)]))
      .where('updated_at', '<', now - INSTANCE_STALE_MS)
      .execute();
  }

  /** One row per message: snoozing again sets the new time (a row being returned right now is left to finish). */
  private async record(user: Credentials, account: string, messageIds: string[], returnAt: number): Promise<Map<string, string>> {
    const now = this.now();
    const { db, secret } = this.context;
    for (let start = 0; start < messageIds.length; start += ROWS_AT_ONCE) {
      const chunk = messageIds.slice(start, start + ROWS_AT_ONCE);
      await db.deleteFrom('snoozes').where('account', '=', account).where('message_id', 'in', chunk).where('status', '=', 'waiting').execute();
      const values = chunk.map((messageId) => {
        const id = randomUUID();
        return {
          id,
          account,
          login: user.email,
          message_id: messageId,
          folder_uid: null,
          return_at: returnAt,
          due_at: returnAt,
          status: 'waiting' as const,
          claimed_by: null,
          attempts: 0,
          error: null,
          password_sealed: sealPassword(user.password, secret, rowSalt(id)),
          created_at: now,
          updated_at: now,
        };
      });
      await db.insertInto('snoozes').values(values).onConflict((conflict) => conflict.columns(['account', 'message_id']).doNothing()).execute();
    }
    const rows = await this.rowsOf(account, messageIds);
    return new Map([...rows].map(([messageId, row]) => [messageId, row.id]));
  }

  /** Remembers where each snoozed message landed in "Snoozed", for the folder's "Returns …" labels. */
  private async placeIn(ids: Map<number, string | null>, moved: Map<number, number>, rows: Map<string, string>): Promise<void> {
    for (const [uid, messageId] of ids) {
      const target = moved.get(uid);
      const id = messageId === null ? undefined : rows.get(messageId);
      if (target !== undefined && id !== undefined) await this.context.db.updateTable('snoozes').set({ folder_uid: target }).where('id', '=', id).execute();
    }
  }

  private async rowsOf(account: string, messageIds: string[]): Promise<Map<string, SnoozesTable>> {
    const rows = new Map<string, SnoozesTable>();
    for (let start = 0; start < messageIds.length; start += ROWS_AT_ONCE) {
      const chunk = messageIds.slice(start, start + ROWS_AT_ONCE);
      for (const row of await this.context.db.selectFrom('snoozes').selectAll().where('account', '=', account).where('message_id', 'in', chunk).execute()) {
        rows.set(row.message_id, row);
      }
    }
    return rows;
  }
}

function rowSalt(id: string): string {
  return `snooze:${id}`;
}
