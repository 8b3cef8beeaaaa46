import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import type { MessageSummary, MessageWindow } from '../../../../shared/api/messages';
import { messageWindowQueryOptions, pageOfRow, PAGE_SIZE } from '../api/get-message-window';
import { useOpenMessage } from '../commands/open-message';
import { useMailUiStore } from '../stores/mail-ui-store';
import { MessageRow, PlaceholderRow, ROW_HEIGHT } from './message-row';
import { LoadError } from '../../../components/load-error';

/**
 * The message list of one folder, virtualised: the scroll height is the
 * folder's total, only the rows in view exist in the DOM, and each window of
 * PAGE_SIZE rows is fetched (and cached) when one of its rows comes into view.
 * A folder of 100,000 messages costs what a folder of 50 does.
 */
export function MessageList({ folder }: { folder: Folder }) {
  const path = folder.path;
  const listId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const { cursor, selectedUid, select } = useMailUiStore(
    useShallow((s) => ({ cursor: s.cursor, selectedUid: s.selectedUid, select: s.select })),
  );
  const openMessage = useOpenMessage(path);

  // The first window also tells the total, which sizes the scroll area.
  const head = useQuery(messageWindowQueryOptions({ folder: path, page: 0 }));
  const total = head.data?.total ?? 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render, never memoised
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((row) => pageOfRow(row.index)))];
  const windows = useQueries({
    queries: pages.map((page) => messageWindowQueryOptions({ folder: path, page })),
    combine: (results) => results.map((result) => result.data),
  });
  const byPage = new Map<number, MessageWindow | undefined>(pages.map((page, i) => [page, windows[i]]));

  const rendered = (index: number): MessageSummary | undefined =>
    byPage.get(pageOfRow(index))?.items[index - pageOfRow(index) * PAGE_SIZE];

  /** Any row's message, rendered or not, straight from the cache (for the keyboard). */
  function cachedAt(index: number): MessageSummary | undefined {
    const page = pageOfRow(index);
    const window = queryClient.getQueryData(messageWindowQueryOptions({ folder: path, page }).queryKey);
    return window?.items[index - page * PAGE_SIZE];
  }

  const isSelected = (index: number, message: MessageSummary | undefined) =>
    message && selectedUid !== null ? message.uid === selectedUid : index === cursor;

  function moveTo(index: number) {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    select(next, cachedAt(next)?.uid ?? null);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        moveTo(cursor + 1);
        break;
      case 'k':
      case 'ArrowUp':
        moveTo(cursor < 0 ? 0 : cursor - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(total - 1);
        break;
      case 'Enter': {
        const message = cursor >= 0 ? cachedAt(cursor) : undefined;
        if (message) openMessage(cursor, message);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  const rowId = (index: number) => `${listId}-row-${index}`;
  const activeRendered = rows.some((row) => row.index === cursor);
  const now = new Date(head.dataUpdatedAt);
  const showRecipients = folder.specialUse === 'sent' || folder.specialUse === 'drafts';

  return (
    <section className="message-list" aria-label="Messages">
      <div className="message-list-header" aria-hidden="true">
        <span />
        <span>From</span>
        <span>Subject</span>
        <span />
        <span>Date</span>
        <span>Size</span>
      </div>
      {head.isPending ? (
        <p className="list-status" role="status">
          Loading messages…
        </p>
      ) : head.isError ? (
        <LoadError className="list-status" message={head.error.message} onRetry={() => void head.refetch()} />
      ) : total === 0 ? (
        <p className="list-status">No messages in this folder.</p>
      ) : null}
      <div ref={scrollRef} className="message-list-scroll">
        {total > 0 && (
          <div
            role="listbox"
            aria-label={`Messages in ${folder.name}`}
            tabIndex={0}
            aria-activedescendant={activeRendered ? rowId(cursor) : undefined}
            className="message-listbox"
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={handleKeyDown}
          >
            {rows.map((row) => {
              const message = rendered(row.index);
              const position = { id: rowId(row.index), index: row.index, total, start: row.start };
              return message ? (
                <MessageRow
                  key={row.key}
                  {...position}
                  message={message}
                  selected={isSelected(row.index, message)}
                  now={now}
                  showRecipients={showRecipients}
                  onOpen={openMessage}
                />
              ) : (
                <PlaceholderRow key={row.key} {...position} selected={isSelected(row.index, undefined)} />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
