import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, type RefObject } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import type { ListView } from '../../../lib/mail-keys';
import { cachedRow } from './get-message-window';
import { messageQueryOptions } from './get-message';
import { whenIdle } from '../../../lib/when-idle';

/** Bodies asked for at once: the user's own next request must not queue behind them (the BFF keeps few IMAP connections per user). */
export const PREFETCH_AT_ONCE = 3;
/** Only small messages are read ahead: a big one costs the user's bandwidth for a guess. */
export const PREFETCH_MAX_BYTES = 128 * 1024;
/** The newest rows of the list, read ahead besides the open message's neighbours. */
export const PREFETCH_TOP_ROWS = 5;

/**
 * Reads the bodies the user will likely open next into the query cache, where
 * the click then finds them (issue 14). Only `GET /api/messages/:uid`: the BFF
 * reads with BODY.PEEK, and marking read is the open's own request
 * (commands/open-message.ts), so nothing read ahead becomes read. Stops
 * starting new ones once `signal` aborts; requests then in flight that no
 * reader waits for are cancelled.
 */
export async function prefetchBodies(queryClient: QueryClient, folder: string, candidates: readonly MessageSummary[], signal: AbortSignal): Promise<void> {
  const queued = new Set<number>();
  const queue = candidates.filter((message) => {
    if (message.size > PREFETCH_MAX_BYTES || queued.has(message.uid)) return false;
    queued.add(message.uid);
    return queryClient.getQueryState(messageQueryOptions(folder, message.uid).queryKey)?.status !== 'success';
  });
  const inFlight = new Set<number>();
  const cancelUnwatched = () => {
    for (const uid of inFlight) {
      const { queryKey } = messageQueryOptions(folder, uid);
      if (!queryClient.getQueryCache().find({ queryKey, exact: true })?.getObserversCount()) void queryClient.cancelQueries({ queryKey, exact: true });
    }
  };
  signal.addEventListener('abort', cancelUnwatched, { once: true });
  const worker = async () => {
    for (let next = queue.shift(); next && !signal.aborted; next = queue.shift()) {
      inFlight.add(next.uid);
      await queryClient.prefetchQuery(messageQueryOptions(folder, next.uid));
      inFlight.delete(next.uid);
    }
  };
  await Promise.all(Array.from({ length: PREFETCH_AT_ONCE }, worker));
  signal.removeEventListener('abort', cancelUnwatched);
}

/**
 * While a message is open: its neighbours (next, then previous) and the top
 * rows, read ahead at idle. Cancelled when another message opens, the folder
 * or view changes, or the list scrolls (the user looks elsewhere).
 */
export function usePrefetchNeighbours(folder: string, view: ListView, openIndex: number | null, scrollRef: RefObject<HTMLElement | null>): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (openIndex === null || openIndex < 0) return;
    const controller = new AbortController();
    const rowAt = (index: number) => (index < 0 ? undefined : cachedRow(queryClient, folder, view, index));
    const order = [openIndex + 1, openIndex - 1, ...Array.from({ length: PREFETCH_TOP_ROWS }, (_, index) => index)];
    const candidates = order.filter((index) => index !== openIndex).map(rowAt).filter((row) => row !== undefined);
    const cancelIdle = whenIdle(() => void prefetchBodies(queryClient, folder, candidates, controller.signal), 1000);
    const scroller = scrollRef.current;
    const stop = () => controller.abort();
    scroller?.addEventListener('scroll', stop, { once: true, passive: true });
    return () => {
      cancelIdle();
      scroller?.removeEventListener('scroll', stop);
      controller.abort();
    };
  }, [queryClient, folder, view, openIndex, scrollRef]);
}
