import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api-client';
import { t } from '../i18n/app';
import { msg } from '../i18n/i18n';
import type { CachedKind } from './offline-db';
import { readingCache } from './reading-cache';
import { markServedFromServer, markServedOffline } from './network-status';

/** What a mail query keeps (the session is kept by the shell: offline-banner.tsx). */
type MailKind = Exclude<CachedKind, 'session'>;

const NOT_KEPT: Record<MailKind, string> = {
  folders: msg('Not available offline: the folder list was not saved on this device. It shows again once Tern can reach its server.'),
  window: msg('Not available offline: this list was not saved on this device. It shows again once Tern can reach its server.'),
  message: msg('Not available offline: this message was not saved on this device. It shows again once Tern can reach its server.'),
};

/**
 * Query options of a query with an offline copy: it runs while the browser
 * says it is offline (TanStack would otherwise pause it, and the page would
 * wait instead of showing the copy).
 */
export const OFFLINE_READABLE = { networkMode: 'always' } as const;

/** A network failure with no offline copy to show instead: asking again at once will not help. */
export class NotKeptOffline extends ApiError {
  constructor(kind: MailKind) {
    super(0, 'network', t(NOT_KEPT[kind]));
  }
}

/**
 * A mail query's fetch with its offline copy: a successful answer is kept
 * (write-through); when the BFF cannot be reached the page keeps what it
 * shows (newer than the device's copy: it has the user's changes since), or
 * else gets the kept copy, and says it is offline and may be out of date.
 * Only a network failure falls back: the server's refusals (401, 404…) stay
 * errors, so an ended session is never papered over with old mail.
 */
export async function withOfflineCopy<T>(
  kind: MailKind,
  { client, queryKey }: { client: QueryClient; queryKey: readonly unknown[] },
  fetchAnswer: () => Promise<T>,
): Promise<T> {
  try {
    const answer = await fetchAnswer();
    markServedFromServer();
    void readingCache.put(kind, queryKey, answer).catch(() => undefined);
    return answer;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'network')) throw error;
    const kept = client.getQueryData<T>(queryKey) ?? (await readingCache.get<T>(kind, queryKey).catch(() => undefined));
    if (kept === undefined) throw new NotKeptOffline(kind);
    markServedOffline();
    return kept;
  }
}
