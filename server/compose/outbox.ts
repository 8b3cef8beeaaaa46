import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { partlyRefusedText, UNCERTAIN_SEND_TEXT, type ComposeSourceRef, type OutboxEntry, type Recipient, type sendRequestSchema } from '../../shared/api/compose';
import { ERROR_TEXTS } from '../../shared/errors';
import { openPassword, sealPassword } from '../auth/session-crypto';
import { DomainError } from '../domain-error';
import type { LiveUpdates } from '../live/live-updates';
import { deleteForGood, findInSpecialFolder, markOriginal, storeInSpecialFolder } from '../mail/imap/compose-mail';
import type { Credentials } from '../mail/imap/imap-connection';
import { specialFolderPath } from '../mail/imap/special-folders';
import { SmtpSendError, type SmtpSubmission } from '../mail/smtp/smtp-submission';
import type { Database, OutboxTable } from '../store/schema';
import type { BuiltMessage } from './mime-builder';
import { prepareMessage, type PreparationContext } from './message-preparation';
import type { MailboxAccounts } from '../identity/mailbox-accounts';
import type { RecentRecipients } from './recent-recipients';
import type { SendingLimits } from './sending-limits';
import { translatable } from '../../shared/translatable';

export type ParsedSendRequest = z.infer<typeof sendRequestSchema>;

/** Where the fault tests stop the process (SIGKILL) in a send: after the claim, after SMTP's yes, after the status update. */
export type SendCheckpoint = 'claimed' | 'accepted' | 'status-written';

export interface OutboxContext extends PreparationContext {
  db: Kysely<Database>;
  smtp: SmtpSubmission;
  limits: SendingLimits;
  recent: RecentRecipients;
  accounts: Pick<MailboxAccounts, 'of'>;
  live: LiveUpdates;
  /** The server secret: seals each row's password under a key of its own. */
  secret: Buffer;
  /** How long temporary failures are retried (TERN_SEND_RETRY_HOURS). */
  retryMs: number;
  now?: () => number;
  /** A test seam: the fault tests kill the BFF process at these points of a send. */
  checkpoint?: (point: SendCheckpoint) => void;
}

/** What happens once the SMTP server took the message (JSON in the row). */
interface Followup {
  source: ComposeSourceRef | null;
  draftUid: number | null;
  uploads: string[];
  recipients: Recipient[];
}

/** A message built elsewhere (an invitation's iTIP mail) that goes through the outbox like any other. */
export interface GeneratedMessage {
  built: BuiltMessage;
  subject: string;
}

/** How long a row of a sent, failed or undone message is kept (the answer to a late retry). */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60_000;
/** An instance whose heartbeat is older than this is gone: the rows it was sending are resolved by another. */
export const INSTANCE_STALE_MS = 10_000;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 15 * 60_000;
const FINISHED: OutboxTable['status'][] = ['sent', 'failed', 'uncertain', 'cancelled'];
const WAITING: OutboxTable['status'][] = ['queued', 'retrying'];

/**
 * The outbox (issue 5, issue 13): "Send Email" builds the message, checks the
 * limits and stores it here with the time it is due (now, the end of the undo
 * delay, or the "Send later" time), with the user's password sealed for this
 * row. Any BFF instance sends a due row; a row is claimed by one
 * UPDATE … WHERE status IN ('queued','retrying'), so two instances never both
 * send it. The idempotency key is unique per user: a repeated request gets the
 * first one's row back instead of a second message.
 *
 * Each send writes what it knows before and after the SMTP transaction
 * (`stage`): a row found 'sending' by an instance that is gone (no heartbeat)
 * is sent again only if it never reached SMTP, finished (Sent copy, tidying)
 * if SMTP accepted it or its copy is in Sent, and otherwise marked
 * 'uncertain', never sent again by itself. Temporary failures are retried with
 * backoff until `retry_until`.
 */
export class Outbox {
  private readonly now: () => number;
  /** Sent copies and tidying still under way (see settle()). */
  private readonly followups = new Set<Promise<void>>();
  /** This instance, as its heartbeat names it. */
  readonly instanceId = randomUUID();

  constructor(private readonly context: OutboxContext) {
    this.now = context.now ?? Date.now;
  }

  async enqueue(user: Credentials, request: ParsedSendRequest, undoSeconds: number): Promise<OutboxEntry> {
    const earlier = await this.findByKey(user.email, request.idempotencyKey);
    if (earlier) return toEntry(earlier);

    const built = await prepareMessage(this.context, user, request.message);
    const dueAt = request.sendAt ? Date.parse(request.sendAt) : this.now() + undoSeconds * 1000;
    const followup: Followup = {
      source: request.message.source,
      draftUid: request.draftUid ?? null,
      uploads: request.message.attachments,
      recipients: [...request.message.to, ...request.message.cc, ...request.message.bcc],
    };
    return this.store(user, request.idempotencyKey, { built, subject: request.message.subject }, followup, dueAt, 'answer');
  }

  /**
   * Invitation mail (REQUEST, REPLY, CANCEL): sent now through the outbox,
   * counted against the sending limits; a failure is kept in the row (the
   * outbox notice shows it) rather than thrown, so the calendar change that
   * caused it never fails because of its mail.
   */
  async enqueueGenerated(user: Credentials, message: GeneratedMessage): Promise<OutboxEntry> {
    const followup: Followup = { source: null, draftUid: null, uploads: [], recipients: [] };
    return this.store(user, randomUUID(), message, followup, this.now(), 'keep');
  }

  /**
   * Stores the row; a message due now is sent by this request (born 'sending',
   * claimed by this instance). `failures`: 'answer' throws a refusal to the
   * caller (the compose window shows it), 'keep' leaves it in the row.
   */
  private async store(user: Credentials, key: string, message: GeneratedMessage, followup: Followup, dueAt: number, failures: 'answer' | 'keep'): Promise<OutboxEntry> {
    const { built } = message;
    const id = randomUUID();
    const now = this.now();
    const immediate = dueAt <= now;
    // The row keeps the message and the password sealed for this row alone
    // until it is sent and filed, so any instance can send it, retry it or
    // finish it after sign-out or a restart (docs/architecture.md).
    const inserted = await this.context.db
      .insertInto('outbox')
      .values({
        id,
        email: user.email,
        idempotency_key: key,
        status: immediate ? 'sending' : 'queued',
        stage: immediate ? 'claimed' : null,
        claimed_by: immediate ? this.instanceId : null,
        due_at: dueAt,
        retry_until: dueAt + this.context.retryMs,
        attempts: 0,
        message_id: built.messageId,
        subject: message.subject,
        envelope: JSON.stringify(built.envelope),
        raw: built.raw.toString('latin1'),
        followup: JSON.stringify(followup),
        password_sealed: sealPassword(user.password, this.context.secret, rowSalt(id)),
        error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['email', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Another request (a double click, another instance) stored this key first.
      const first = await this.findByKey(user.email, key);
      if (first) return toEntry(first);
    }
    try {
      await this.context.limits.consume(user.email);
    } catch (refusal) {
      if (failures === 'answer' || !(refusal instanceof DomainError)) {
        await this.context.db.deleteFrom('outbox').where('id', '=', id).execute();
        throw refusal;
      }
      await this.update(id, { status: 'failed', stage: null, claimed_by: null, error: refusal.message, password_sealed: null });
      return this.get(user.email, id);
    }
    if (immediate) {
      const failure = await this.transmit(id, user, built.envelope, built.raw, followup);
      // A refusal is final and the user hears it in the answer, so the outbox notice need not repeat it.
      if (failure && failures === 'answer' && failure.outcome === 'permanent') {
        await this.update(id, { dismissed_at: this.now() });
        throw failure;
      }
    }
    return this.get(user.email, id);
  }

  async get(email: string, id: string): Promise<OutboxEntry> {
    const row = await this.context.db.selectFrom('outbox').selectAll().where('id', '=', id).where('email', '=', email).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'That message is not in the outbox.');
    return toEntry(row);
  }

  /** The outbox notice: messages waiting to retry, failed, uncertain or sent to some recipients only, until the user dismisses them. */
  async attention(email: string): Promise<OutboxEntry[]> {
    const rows = await this.context.db
      .selectFrom('outbox')
      .selectAll()
      .where('email', '=', email)
      .where((eb) => eb.or([eb('status', 'in', ['retrying', 'failed', 'uncertain']), eb.and([eb('status', '=', 'sent'), eb('error', 'is not', null)])]))
      .where('dismissed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute();
    return rows.map(toEntry);
  }

  /** The user has read the notice of a message that will not change any more. */
  async dismiss(email: string, id: string): Promise<OutboxEntry> {
    const result = await this.context.db
      .updateTable('outbox')
      .set({ dismissed_at: this.now() })
      .where('id', '=', id)
      .where('email', '=', email)
      .where('status', 'in', FINISHED)
      .executeTakeFirst();
    const entry = await this.get(email, id);
    // Fixed sentences (no status word in them), so the client can show them in the user's language.
    if (Number(result.numUpdatedRows) === 0) throw new DomainError('conflict', 'This message is still on its way: its notice stays until it has been sent or has failed.');
    return entry;
  }

  /** "Undo" (or giving up a retry): only while the message is still waiting; afterwards it has gone. */
  async cancel(email: string, id: string): Promise<OutboxEntry> {
    const result = await this.context.db
      .updateTable('outbox')
      .set({ status: 'cancelled', password_sealed: null, raw: '', updated_at: this.now() })
      .where('id', '=', id)
      .where('email', '=', email)
      .where('status', 'in', WAITING)
      .executeTakeFirst();
    const entry = await this.get(email, id);
    if (Number(result.numUpdatedRows) === 0) {
      if (entry.status === 'sent') throw new DomainError('conflict', 'Too late to undo: the message has been sent.');
      if (entry.status === 'sending') throw new DomainError('conflict', 'Too late to undo: the message is being sent.');
      throw new DomainError('conflict', 'This message is no longer waiting to be sent: there is nothing to undo.');
    }
    return entry;
  }

  /** This instance is alive: rows it holds are left to it. The worker beats on its own timer. */
  async heartbeat(): Promise<void> {
    const now = this.now();
    await this.context.db
      .insertInto('outbox_instances')
      .values({ id: this.instanceId, seen_at: now })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ seen_at: now }))
      .execute();
  }

  /** Sends every due message this instance can claim, and resolves what stopped instances left; the worker calls it on a timer. */
  async deliverDue(): Promise<void> {
    await this.recover();
    const due = await this.context.db
      .selectFrom('outbox')
      .select('id')
      .where('status', 'in', WAITING)
      .where('due_at', '<=', this.now())
      .orderBy('due_at')
      .limit(20)
      .execute();
    for (const { id } of due) await this.deliver(id);
    await this.context.db
      .deleteFrom('outbox')
      .where('status', 'in', FINISHED)
      .where('updated_at', '<', this.now() - KEEP_FINISHED_MS)
      .execute();
  }

  /** Claims a due row (one instance wins) and sends it. */
  async deliver(id: string): Promise<void> {
    const now = this.now();
    const claimed = await this.context.db
      .updateTable('outbox')
      .set({ status: 'sending', stage: 'claimed', claimed_by: this.instanceId, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', WAITING)
      .where('due_at', '<=', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return;

    const row = await this.context.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const user = this.userOf(row);
    if (!user) {
      await this.update(id, { status: 'failed', stage: null, claimed_by: null, password_sealed: null, error: translatable('The message could not be sent: the server secret changed. Write it again.') });
      return;
    }
    // A failure is kept in the row for the sender's window and the outbox notice.
    await this.transmit(id, user, JSON.parse(row.envelope) as BuiltMessage['envelope'], Buffer.from(row.raw, 'latin1'), JSON.parse(row.followup) as Followup);
  }

  /**
   * SMTP submission of a claimed row's message, then the Sent copy and the
   * tidying. What is known is written before and after the transaction.
   * Returns why sending failed, if it did (also kept in the row).
   */
  private async transmit(id: string, user: Credentials, envelope: BuiltMessage['envelope'], raw: Buffer, followup: Followup): Promise<SmtpSendError | null> {
    this.context.checkpoint?.('claimed');
    const before = await this.context.db.selectFrom('outbox').select(['attempts', 'retry_until']).where('id', '=', id).executeTakeFirstOrThrow();
    const attempts = Number(before.attempts) + 1;
    await this.update(id, { stage: 'handing', attempts });
    let response: string;
    let refused: string[];
    try {
      ({ response, refused } = await this.context.smtp.send(user, envelope, raw));
    } catch (err) {
      const failure = err instanceof SmtpSendError ? err : new SmtpSendError('temporary', new DomainError('mail_server_unavailable', ERROR_TEXTS.mailServerUnavailable));
      await this.failed(id, failure, attempts, Number(before.retry_until ?? 0));
      return failure;
    }
    this.context.checkpoint?.('accepted');
    await this.update(id, { status: 'sent', stage: 'accepted', smtp_response: response, error: refused.length > 0 ? partlyRefusedText(refused.join('; ')) : null });
    this.context.checkpoint?.('status-written');
    // The user's wait ends when SMTP took the message; the Sent copy (a second
    // upload of the whole message) follows, and the page hears of it live.
    this.follow(id, user, followup, raw);
    return null;
  }

  private async failed(id: string, failure: SmtpSendError, attempts: number, retryUntil: number): Promise<void> {
    const now = this.now();
    if (failure.outcome === 'temporary' && now < retryUntil) {
      const wait = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
      await this.update(id, { status: 'retrying', stage: null, claimed_by: null, due_at: Math.min(now + wait, retryUntil), error: failure.message });
      return;
    }
    if (failure.outcome === 'uncertain') {
      await this.update(id, { status: 'uncertain', stage: null, claimed_by: null, password_sealed: null, error: UNCERTAIN_SEND_TEXT });
      return;
    }
    const tried = duration(this.context.retryMs);
    const error = failure.outcome === 'temporary' ? translatable(`Tern gave up after trying for ${tried}: ${failure.message}`) : failure.message;
    await this.update(id, { status: 'failed', stage: null, claimed_by: null, password_sealed: null, raw: '', error });
  }

  /**
   * Rows a stopped instance left mid-send (its heartbeat is gone), or whose
   * Sent copy is still to be made: 'claimed' never reached SMTP and is sent
   * again; 'accepted' (or a copy found in Sent) is finished; 'handing' cannot
   * be known and becomes 'uncertain', never sent again by itself.
   */
  async recover(): Promise<void> {
    const now = this.now();
    const alive = this.context.db.selectFrom('outbox_instances').select('id').where('seen_at', '>', now - INSTANCE_STALE_MS);
    const orphans = await this.context.db
      .selectFrom('outbox')
      .selectAll()
      .where((eb) => eb.or([eb('status', '=', 'sending'), eb.and([eb('status', '=', 'sent'), eb('stage', '=', 'accepted')])]))
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', 'not in', alive)]))
      .where('updated_at', '<', now - INSTANCE_STALE_MS)
      .limit(20)
      .execute();
    for (const row of orphans) {
      const taken = await this.context.db
        .updateTable('outbox')
        .set({ claimed_by: this.instanceId, updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where((eb) => (row.claimed_by === null ? eb('claimed_by', 'is', null) : eb('claimed_by', '=', row.claimed_by)))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0) continue;
      try {
        await this.resolve(row);
      } catch (err) {
        // Dovecot unreachable, say: the row is left for a later pass.
        console.error('outbox: resolving an interrupted send failed', err instanceof Error ? err.message : err);
        await this.update(row.id, { claimed_by: null });
      }
    }
    await this.context.db.deleteFrom('outbox_instances').where('seen_at', '<', now - KEEP_FINISHED_MS).execute();
  }

  private async resolve(row: OutboxTable): Promise<void> {
    if (row.status === 'sending' && row.stage === 'claimed') {
      await this.update(row.id, { status: 'queued', stage: null, claimed_by: null });
      return;
    }
    const user = this.userOf(row);
    if (!user) {
      await this.update(row.id, row.status === 'sent' ? { stage: 'filed', claimed_by: null } : { status: 'uncertain', stage: null, claimed_by: null, error: UNCERTAIN_SEND_TEXT });
      return;
    }
    const raw = Buffer.from(row.raw, 'latin1');
    if (row.status === 'sending') {
      const inSent = await this.context.imap.run(user, ({ client }) => findInSpecialFolder(client, 'sent', row.message_id));
      if (inSent === null) {
        await this.update(row.id, { status: 'uncertain', stage: null, claimed_by: null, password_sealed: null, error: UNCERTAIN_SEND_TEXT });
        return;
      }
      await this.update(row.id, { status: 'sent', stage: 'accepted', error: null });
    }
    this.follow(row.id, user, JSON.parse(row.followup) as Followup, raw);
  }

  /** Waits for the Sent copies and tidying of messages already sent (before shutting down). */
  async settle(): Promise<void> {
    await Promise.all([...this.followups]);
  }

  private follow(id: string, user: Credentials, followup: Followup, raw: Buffer): void {
    const done = this.afterSending(id, user, followup, raw).finally(() => this.followups.delete(done));
    this.followups.add(done);
  }

  /**
   * The message is out; none of this may make it look unsent, and none of it
   * sends again. The Sent copy is made only if Sent has no message with this
   * Message-ID (a repeat after a crash makes no second copy); if it cannot be
   * made now, the row stays 'accepted' and a later pass tries again. The other
   * steps are logged when they fail.
   */
  private async afterSending(id: string, user: Credentials, followup: Followup, raw: Buffer): Promise<void> {
    const { imap, live, uploads, recent, accounts } = this.context;
    const changed: string[] = [];
    let filed = true;
    const steps: Array<[string, () => Promise<unknown>]> = [
      // Postfix does not keep a copy: the Sent copy is ours to store (SPEC §6).
      ['Sent copy', async () => changed.push((await storeInSpecialFolder(imap, user, 'sent', raw, ['\\Seen'], { lookFirst: true })).folder)],
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
        if (name === 'Sent copy') filed = false;
        console.error(`after sending: ${name} failed`, err instanceof Error ? err.message : err);
      }
    }
    live.notifyChanged(user.email, changed);
    try {
      const row = await this.context.db.selectFrom('outbox').select('created_at').where('id', '=', id).executeTakeFirst();
      // A Sent copy that could not be made for a week is given up.
      if (filed || !row || Number(row.created_at) < this.now() - KEEP_FINISHED_MS) await this.update(id, { stage: 'filed', claimed_by: null, password_sealed: null, raw: '' });
      else await this.update(id, { claimed_by: null });
    } catch (err) {
      console.error('after sending: the outbox row could not be updated', err instanceof Error ? err.message : err);
    }
  }

  private userOf(row: OutboxTable): Credentials | null {
    try {
      return { email: row.email, password: openPassword(row.password_sealed ?? '', this.context.secret, rowSalt(row.id)) };
    } catch {
      return null;
    }
  }

  private async update(id: string, values: Partial<Omit<OutboxTable, 'id' | 'email'>>): Promise<void> {
    await this.context.db
      .updateTable('outbox')
      .set({ ...values, updated_at: this.now() })
      .where('id', '=', id)
      .execute();
  }

  private findByKey(email: string, key: string): Promise<OutboxTable | undefined> {
    return this.context.db.selectFrom('outbox').selectAll().where('email', '=', email).where('idempotency_key', '=', key).executeTakeFirst();
  }
}

/** "24 hours", "30 minutes", "3.6 seconds": the retry window as the user reads it, each form a phrase of its own so the client shows it in the user's language. */
function duration(ms: number): string {
  const inUnit = (unitMs: number) => Number((ms / unitMs).toFixed(1));
  if (ms >= 3_600_000) {
    const hours = inUnit(3_600_000);
    return hours === 1 ? translatable(`${hours} hour`) : translatable(`${hours} hours`);
  }
  if (ms >= 60_000) {
    const minutes = inUnit(60_000);
    return minutes === 1 ? translatable(`${minutes} minute`) : translatable(`${minutes} minutes`);
  }
  const seconds = inUnit(1000);
  return seconds === 1 ? translatable(`${seconds} second`) : translatable(`${seconds} seconds`);
}

function rowSalt(id: string): string {
  return `outbox:${id}`;
}

function toEntry(row: Pick<OutboxTable, 'id' | 'status' | 'due_at' | 'error' | 'message_id' | 'subject'>): OutboxEntry {
  return { id: row.id, status: row.status, dueAt: new Date(Number(row.due_at)).toISOString(), error: row.error, messageId: row.message_id, subject: row.subject ?? '' };
}
