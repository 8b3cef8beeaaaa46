import type { QueryClient } from '@tanstack/react-query';
import { preferencesQueryOptions } from '../../../lib/preferences';
import { foldersQueryOptions } from '../../../lib/folders-query';
import { messageWindowQueryOptions } from './get-message-window';

/** IMAP names the Inbox "INBOX" on every server (RFC 9051 §5.1), so its rows need not wait for the folder list. */
const INBOX = 'INBOX';

/**
 * What the mail view's first screen asks for, all at once: the folder list,
 * the Inbox's first window and the preferences. Without this the list asks for
 * its rows only once the folder list has named the Inbox, one round trip later.
 * Queries already cached and fresh are not asked again.
 */
export function prefetchFirstScreen(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(foldersQueryOptions());
  void queryClient.prefetchQuery(messageWindowQueryOptions({ folder: INBOX, page: 0 }));
  void queryClient.prefetchQuery(preferencesQueryOptions());
}
