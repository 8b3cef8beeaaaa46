import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useImperativeHandle, useRef, type DragEvent, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import type { ThreadSummary, ThreadWindow } from '../../../../shared/api/threads';
import { LoadError } from '../../../components/load-error';
import { pageOfRow, PAGE_SIZE } from '../api/get-message-window';
import { cachedThread, threadWindowQueryOptions } from '../api/get-threads';
import { countMessages, runMessageAction } from '../commands/message-commands';
import { hasSelection, isRowSelected, useMailUiStore } from '../stores/mail-ui-store';
import { startMessageDrag } from './drag-and-drop';
import type { ListController } from './message-list';
import { PlaceholderRow, useRowHeight } from './message-row';
import { ThreadRow } from './thread-row';
import { useRowGestures } from './use-row-gestures';
import { useT } from '../i18n';
import './threads.css';
import { folderLabel } from './folder-label';

/**
 * Opening a conversation shows its stack and marks its unread messages read
 * (SPEC §5, for each message the thread holds in this folder).
 */
function useOpenThread(folder: string) {
  const queryClient = useQueryClient();
  const open = useMailUiStore((s) => s.open);
  return useCallback(
    (index: number, thread: ThreadSummary) => {
      open(index, thread.uid, thread.uids);
      if (thread.unreadUids.length === 0) return;
      const { view } = useMailUiStore.getState();
      void runMessageAction(queryClient, {
        action: { kind: 'seen-on-open' },
        target: { folder, view, uids: thread.unreadUids, count: thread.unreadUids.length },
      });
    },
    [folder, open, queryClient],
  );
}

interface ThreadListProps {
  folder: Folder;
  controller?: Ref<ListController>;
  openOnDoubleClick?: boolean;
}

/**
 * The "Conversations" list (issue 17): one row per thread, newest thread first,
 * virtualised and windowed like the message list. A row stands for all of its
 * messages in the folder: selecting it selects their UIDs, so every mail
 * command (delete, move, spam, mark, flag, undo) acts on the whole thread.
 * Shift-click adds a row like Ctrl-click: a range of threads is not a range of rows of messages.
 */
export function ThreadList({ folder, controller, openOnDoubleClick = false }: ThreadListProps) {
  const t = useT();
  const path = folder.path;
  const listId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const listboxRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const { cursor, selection, selectOne, toggle, resolvePending, selectAll, clearSelection } = useMailUiStore(
    useShallow((s) => ({
      cursor: s.cursor,
      selection: s.selection,
      selectOne: s.selectOne,
      toggle: s.toggle,
      resolvePending: s.resolvePending,
      selectAll: s.selectAll,
      clearSelection: s.clearSelection,
    })),
  );
  const openThread = useOpenThread(path);

  const head = useQuery(threadWindowQueryOptions(path, 0));
  const total = head.data?.total ?? 0;
  const rowHeight = useRowHeight();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render, never memoised
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 8 });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((row) => pageOfRow(row.index)))];
  const windows = useQueries({
    queries: pages.map((page) => threadWindowQueryOptions(path, page)),
    combine: (results) => results.map((result) => result.data),
  });
  const byPage = new Map<number, ThreadWindow | undefined>(pages.map((page, i) => [page, windows[i]]));
  const rendered = (index: number) => byPage.get(pageOfRow(index))?.items[index - pageOfRow(index) * PAGE_SIZE];
  const cachedAt = (index: number) => cachedThread(queryClient, path, index);

  const gestures = useRowGestures({
    scrollRef,
    folder: path,
    hasSelection: hasSelection(selection),
    rowAt: (index) => {
      const thread = cachedAt(index);
      return thread && { uids: thread.uids, unread: thread.unread > 0 };
    },
    onLongPress: (index, selecting) => {
      const thread = cachedAt(index);
      if (thread && selecting) toggle(index, thread.uid, thread.uids);
      else if (thread) selectOne(index, thread.uid, thread.uids);
    },
  });

  // After a thread left the list the cursor's row is chosen by position: it stands for its thread once loaded.
  useEffect(() => {
    const { pending } = selection;
    if (!pending) return;
    if (pending.from >= total && head.isSuccess) {
      clearSelection();
      return;
    }
    const thread = cachedThread(queryClient, path, pending.from);
    if (thread) resolvePending(thread.uids);
  });

  function moveTo(index: number) {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    const thread = cachedAt(next);
    selectOne(next, thread?.uid ?? null, thread?.uids);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function openCursor() {
    const { cursor: at } = useMailUiStore.getState();
    const thread = at >= 0 ? cachedAt(at) : undefined;
    if (thread) openThread(at, thread);
  }

  useImperativeHandle(controller, () => ({
    move: (delta) => {
      const { cursor: at } = useMailUiStore.getState();
      moveTo(at < 0 ? 0 : at + delta);
    },
    openCursor,
    focus: () => listboxRef.current?.focus(),
  }));

  function handleKeyDown(event: KeyboardEvent) {
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'a') {
      selectAll();
      event.preventDefault();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const thread = cursor >= 0 ? cachedAt(cursor) : undefined;
    switch (key) {
      case 'j':
      case 'ArrowDown':
        moveTo(cursor < 0 ? 0 : cursor + 1);
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
      case 'Enter':
        openCursor();
        break;
      case ' ':
        if (thread) toggle(cursor, thread.uid, thread.uids);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  function handleRowClick(index: number, thread: ThreadSummary, event: MouseEvent) {
    if (event.shiftKey || event.ctrlKey || event.metaKey || gestures.selecting) toggle(index, thread.uid, thread.uids);
    else if (openOnDoubleClick) selectOne(index, thread.uid, thread.uids);
    else openThread(index, thread);
  }

  function handleDragStart(index: number, thread: ThreadSummary, event: DragEvent) {
    let count = thread.count;
    if (!isRowSelected(selection, index, thread.uid)) selectOne(index, thread.uid, thread.uids);
    else count = selection.all ? folder.total : selection.uids.size;
    startMessageDrag(event, path, countMessages(count));
  }

  const rowId = (index: number) => `${listId}-row-${index}`;
  const activeRendered = rows.some((row) => row.index === cursor);
  const now = new Date(head.dataUpdatedAt);

  return (
    <>
      <div role="table" aria-label={t('Conversation columns')} className="message-list-columns">
        <div role="row" className="message-list-header">
          <div role="columnheader" className="col-check">
            <input
              type="checkbox"
              aria-label={t('Select all')}
              checked={selection.all}
              disabled={total === 0}
              onChange={() => (selection.all ? clearSelection() : selectAll())}
            />
          </div>
          <div role="columnheader" className="col-head">
            {t('From')}
          </div>
          <div role="columnheader" className="col-head">
            {t('Conversation')}
          </div>
          <div role="columnheader" className="col-head">
            <span className="visually-hidden">{t('Flags')}</span>
          </div>
          <div role="columnheader" aria-sort="descending" className="col-head col-date">
            {t('Newest')}
          </div>
          <div role="columnheader" className="col-head col-size">
            <span className="visually-hidden">{t('Unread')}</span>
          </div>
        </div>
      </div>
      {head.isPending ? (
        <p className="list-status" role="status">
          {t('Loading conversations…')}
        </p>
      ) : head.isError ? (
        <LoadError className="list-status" message={head.error.message} onRetry={() => void head.refetch()} />
      ) : total === 0 ? (
        <p className="list-status">{t('No messages in this folder.')}</p>
      ) : null}
      {gestures.pullIndicator}
      <div ref={scrollRef} className="message-list-scroll">
        {total > 0 && (
          <div
            ref={listboxRef}
            role="listbox"
            aria-label={t('Conversations in {{folder}}', { folder: folderLabel(folder) })}
            aria-multiselectable="true"
            tabIndex={0}
            aria-activedescendant={activeRendered ? rowId(cursor) : undefined}
            className="message-listbox"
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={handleKeyDown}
          >
            {gestures.reveal}
            {rows.map((row) => {
              const thread = rendered(row.index);
              const position = { id: rowId(row.index), index: row.index, total, start: row.start, height: rowHeight };
              const selected = isRowSelected(selection, row.index, thread?.uid);
              return thread ? (
                <ThreadRow
                  key={row.key}
                  {...position}
                  thread={thread}
                  selected={selected}
                  now={now}
                  onClick={handleRowClick}
                  onDoubleClick={openOnDoubleClick ? openThread : undefined}
                  onDragStart={handleDragStart}
                />
              ) : (
                <PlaceholderRow key={row.key} {...position} selected={selected} onClick={(index) => selectOne(index, null)} />
              );
            })}
          </div>
        )}
      </div>
    </>
  );
}
