import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ComposeSourceRef, OutboxEntry, Recipient, sendRequestSchema } from '../../shared/api/compose';
import { openPassword, sealPassword } from '../auth/session-crypto';
import { AppError } from '../http/app-error';
import type { LiveUpdates } from '../live/live-updates';
import { deleteForGood, markOriginal, storeInSpecialFolder } from '../mail/imap/compose-mail';
import type { Credentials } from '../mail/imap/imap-connection';
import { specialFolderPath } from '../mail/imap/special-folders';
import type { SmtpSubmission } from '../mail/smtp/smtp-submission';
import type { Database, OutboxTable } from '../store/schema';
import type { BuiltMessage } from './mime-builder';
import { prepareMessage, type PreparationContext } from './message-preparation';
import type { MailboxAccounts } from '../identity/mailbox-accounts';
import type { RecentRecipients } from './recent-recipients';
import type { SendingLimits } from './sending-limits';

export type ParsedSendRequest = z.infer<typeof sendRequestSchema>;

export interface OutboxContext extends PreparationContext {
  db: Kysely<Database>;
  smtp: SmtpSubmission;
  limits: SendingLimits;
  recent: RecentRecipients;
  accounts: Pick<MailboxAccounts, 'of'>;
  live: LiveUpdates;
  /** The server secret: seals each row's password under a key of its own. */
  secret: Buffer;
  now?: () => number;
}

/** What happens once the SMTP server took the message (JSON in the row). */
interface Followup {
  source: ComposeSourceRef | null;
  draftUid: number | null;
  uploads: string[];
  recipients: Recipient[];
}

/** How long a row of a sent, failed or undone message is kept (the answer to a late retry). */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60_000;

/**
 * The outbox (issue 5): "Send Email" builds the message, checks the limits
 * and stores it here with the time it is due (now, the end of the undo delay,
 * or the "Send later" time). Any BFF instance sends a due row; a row is
 * claimed by one UPDATE … WHERE status='queued', so two instances never both
 * send it. The idempotency key is unique per user: a repeated request gets
 * the first one's row back instead of a second message.
 */
export class Outbox {
  private readonly now: () => number;
  /** Sent copies and tidying still under way (see settle()). */
  private readonly followups = new Set<Promise<void>>();

  constructor(private readonly context: OutboxContext) {
    this.now = context.now ?? Date.now;
  }

  async enqueue(user: Credentials, request: ParsedSendRequest, undoSeconds: number): Promise<OutboxEntry> {
    const earlier = await this.findByKey(user.email, request.idempotencyKey);
    if (earlier) return toEntry(earlier);

    const built = await prepareMessage(this.context, user, request.message);
    const id = randomUUID();
    const now = this.now();
    const dueAt = request.sendAt ? Date.parse(request.sendAt) : now + undoSeconds * 1000;
    const followup: Followup = {
      source: request.message.source,
      draftUid: request.draftUid ?? null,
      uploads: request.message.attachments,
      recipients: [...request.message.to, ...request.message.cc, ...request.message.bcc],
    };
    // Due now: the row is born claimed by this request, and the message is sent
    // from memory (a crash mid-send leaves it 'sending', never sent twice).
    // Due later: the row keeps the message, and the password sealed for this row
    // alone, so any instance can send it after sign-out or a restart (docs/architecture.md).
    const immediate = dueAt <= now;
    const inserted = await this.context.db
      .insertInto('outbox')
      .values({
        id,
        email: user.email,
        idempotency_key: request.idempotencyKey,
        status: immediate ? 'sending' : 'queued',
        due_at: dueAt,
        message_id: built.messageId,
        envelope: JSON.stringify(built.envelope),
        raw: immediate ? '' : built.raw.toString('latin1'),
        followup: JSON.stringify(followup),
        password_sealed: immediate ? null : sealPassword(user.password, this.context.secret, rowSalt(id)),
        error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['email', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Another request (a double click, another instance) stored this key first.
      const first = await this.findByKey(user.email, request.idempotencyKey);
      if (first) return toEntry(first);
    }
    try {
      await this.context.limits.consume(user.email);
    } catch (refusal) {
      await this.context.db.deleteFrom('outbox').where('id', '=', id).execute();
      throw refusal;
    }
    if (immediate) {
      // The user hears the server's reason in the answer.
      const failure = await this.transmit(id, user, built.envelope, built.raw, followup);
      if (failure) throw failure;
    }
    return this.get(user.email, id);
  }

  async get(email: string, id: string): Promise<OutboxEntry> {
    const row = await this.context.db.selectFrom('outbox').selectAll().where('id', '=', id).where('email', '=', email).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found', 'That message is not in the outbox.');
    return toEntry(row);
  }

  /** "Undo": only while the message is still waiting; afterwards it has gone. */
  async cancel(email: string, id: string): Promise<OutboxEntry> {
    const result = await this.context.db
      .updateTable('outbox')
      .set({ status: 'cancelled', password_sealed: null, updated_at: this.now() })
      .where('id', '=', id)
      .where('email', '=', email)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    const entry = await this.get(email, id);
    if (Number(result.numUpdatedRows) === 0) {
      throw new AppError(409, 'bad_request', entry.status === 'sent' ? 'Too late to undo: the message has been sent.' : `The message is ${entry.status} and cannot be undone.`);
    }
    return entry;
  }

  /** Sends every due message this instance can claim; the worker calls it on a timer. */
  async deliverDue(): Promise<void> {
    const due = await this.context.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'queued')
      .where('due_at', '<=', this.now())
      .orderBy('due_at')
      .limit(20)
      .execute();
    for (const { id } of due) await this.deliver(id);
    await this.context.db
      .deleteFrom('outbox')
      .where('status', 'in', ['sent', 'failed', 'cancelled'])
      .where('updated_at', '<', this.now() - KEEP_FINISHED_MS)
      .execute();
  }

  /** Claims a due row (one instance wins) and sends it. */
  async deliver(id: string): Promise<void> {
    const now = this.now();
    const claimed = await this.context.db
      .updateTable('outbox')
      .set({ status: 'sending', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where('due_at', '<=', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return;

    const row = await this.context.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    let password: string;
    try {
      password = openPassword(row.password_sealed ?? '', this.context.secret, rowSalt(id));
    } catch {
      await this.finish(id, 'failed', 'The message could not be sent: the server secret changed. Write it again.');
      return;
    }
    // A failure is kept in the row for the sender's window to show.
    await this.transmit(id, { email: row.email, password }, JSON.parse(row.envelope) as BuiltMessage['envelope'], Buffer.from(row.raw, 'latin1'), JSON.parse(row.followup) as Followup);
  }

  /**
   * SMTP submission of a claimed row's message, then the Sent copy and the
   * tidying. Returns why sending failed, if it did (also kept in the row).
   */
  private async transmit(id: string, user: Credentials, envelope: BuiltMessage['envelope'], raw: Buffer, followup: Followup): Promise<AppError | null> {
    try {
      await this.context.smtp.send(user, envelope, raw);
    } catch (err) {
      const failure = err instanceof AppError ? err : new AppError(503, 'mail_server_unavailable', 'The message could not be sent. Try again.');
      await this.finish(id, 'failed', failure.message);
      return failure;
    }
    await this.finish(id, 'sent', null);
    // The user's wait ends when SMTP took the message; the Sent copy (a second
    // upload of the whole message) follows, and the page hears of it live.
    const done = this.afterSending(user, followup, raw).finally(() => this.followups.delete(done));
    this.followups.add(done);
    return null;
  }

  /** Waits for the Sent copies and tidying of messages already sent (before shutting down). */
  async settle(): Promise<void> {
    await Promise.all([...this.followups]);
  }

  private async finish(id: string, status: 'sent' | 'failed', error: string | null): Promise<void> {
    await this.context.db
      .updateTable('outbox')
      .set({ status, error, password_sealed: null, updated_at: this.now() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * The message is out; none of this may make it look unsent (each step is on
   * its own, and a failure is logged, never retried by sending again).
   */
  private async afterSending(user: Credentials, followup: Followup, raw: Buffer): Promise<void> {
    const { imap, live, uploads, recent, accounts } = this.context;
    const changed: string[] = [];
    const steps: Array<[string, () => Promise<unknown>]> = [
      // Postfix does not keep a copy: the Sent copy is ours to store (SPEC §6).
      ['Sent copy', async () => changed.push((await storeInSpecialFolder(imap, user, 'sent', raw, ['\\Seen'])).folder)],
      ['flag the original', async () => {
        const source = followup.source;
        if (!source) return;
        await imap.run(user, ({ client }) => markOriginal(client, source.folder, source.uid, source.mode));
        changed.push(source.folder);
      }],
      ['remove the draft', async () => {
        const draftUid = followup.draftUid;
        if (draftUid === null) return;
        await imap.run(user, async ({ client }) => {
          const drafts = await specialFolderPath(client, 'drafts');
          await deleteForGood(client, drafts, draftUid);
          changed.push(drafts);
        });
      }],
      ['forget the uploads', () => uploads.remove(user.email, followup.uploads)],
      ['remember the recipients', async () => recent.record(await accounts.of(user), followup.recipients)],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (err) {
        console.error(`after sending: ${name} failed`, err instanceof Error ? err.message : err);
      }
    }
    live.notifyChanged(user.email, changed);
  }

  private findByKey(email: string, key: string): Promise<OutboxTable | undefined> {
    return this.context.db.selectFrom('outbox').selectAll().where('email', '=', email).where('idempotency_key', '=', key).executeTakeFirst();
  }
}

function rowSalt(id: string): string {
  return `outbox:${id}`;
}

function toEntry(row: Pick<OutboxTable, 'id' | 'status' | 'due_at' | 'error' | 'message_id'>): OutboxEntry {
  return { id: row.id, status: row.status, dueAt: new Date(Number(row.due_at)).toISOString(), error: row.error, messageId: row.message_id };
}
