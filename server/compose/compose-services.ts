import type { Preferences } from '../../shared/api/preferences';
import type { Config } from '../config';
import type { MailboxAccounts } from '../identity/mailbox-accounts';
import type { LiveUpdates } from '../live/live-updates';
import type { Credentials } from '../mail/imap/imap-connection';
import type { ImapConnectionPool } from '../mail/imap/connection-pool';
import { createSmtpSubmission } from '../mail/smtp/smtp-submission';
import type { PreferencesRepository } from '../preferences/preferences-repository';
import type { Store } from '../store/database';
import { INSTANCE_STALE_MS, Outbox, type SendCheckpoint } from './outbox';
import { RecentRecipients } from './recent-recipients';
import { createSendingLimits } from './sending-limits';
import { UploadRepository } from './upload-repository';

/** Everything compose's routes and the outbox worker use. */
export interface ComposeServices {
  outbox: Outbox;
  uploads: UploadRepository;
  recent: RecentRecipients;
  imap: ImapConnectionPool;
  /** The user's preferences: their account's (server/identity/mailbox-accounts.ts). */
  preferences: (user: Credentials) => Promise<Preferences>;
}

export async function createComposeServices(parts: {
  config: Config;
  store: Store;
  imap: ImapConnectionPool;
  live: LiveUpdates;
  accounts: MailboxAccounts;
  preferences: PreferencesRepository;
  /** The fault tests' seam (server/compose/outbox.ts). */
  checkpoint?: (point: SendCheckpoint) => void;
}): Promise<ComposeServices> {
  const { config, store, imap, live, accounts, checkpoint } = parts;
  const preferencesRepository = parts.preferences;
  const uploads = new UploadRepository(store.db);
  const recent = new RecentRecipients(store.db);
  const preferences = async (user: Credentials) => preferencesRepository.get(await accounts.of(user));
  const outbox = new Outbox({
    db: store.db,
    imap,
    uploads,
    recent,
    accounts,
    live,
    preferences,
    smtp: createSmtpSubmission(config.smtp),
    limits: await createSendingLimits(store),
    secret: config.sessionSecret,
    retryMs: config.sendRetryMs,
    checkpoint,
  });
  return { outbox, uploads, recent, imap, preferences };
}

/**
 * Polls the outbox: every instance runs one, and the row claim makes sure only
 * one sends each message. Its heartbeat runs on a timer of its own, so a long
 * send does not make the instance look gone to the others. `alsoDue`: other
 * passes over rows that fall due (snoozed messages coming back), claimed the
 * same way and held under the same heartbeat; each fails on its own.
 */
export function startOutboxWorker(services: ComposeServices, intervalMs = 1000, alsoDue: Array<() => Promise<void>> = []): { stop(): Promise<void> } {
  const sweepEvery = Math.max(1, Math.round(3_600_000 / intervalMs));
  const beat = () => void services.outbox.heartbeat().catch((err: unknown) => console.error('outbox heartbeat failed', err instanceof Error ? err.message : err));
  beat();
  const heartbeat = setInterval(beat, Math.min(intervalMs, INSTANCE_STALE_MS / 5));
  heartbeat.unref();
  let ticks = 0;
  let current: Promise<void> | null = null;
  const timer = setInterval(() => {
    // One pass at a time: a slow send must not start a second pass over the same rows.
    if (current) return;
    current = (async () => {
      await services.outbox.deliverDue();
      for (const pass of alsoDue) await pass().catch((err: unknown) => console.error('worker pass failed', err instanceof Error ? err.message : err));
      // Abandoned uploads (a closed tab) go about once an hour.
      if (ticks++ % sweepEvery === 0) await services.uploads.sweepAbandoned();
    })()
      .catch((err: unknown) => console.error('outbox worker failed', err instanceof Error ? err.message : err))
      .finally(() => {
        current = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(heartbeat);
      await current;
      await services.outbox.settle();
    },
  };
}
