import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useImperativeHandle, useRef, type DragEvent, type KeyboardEvent, type MouseEvent, type PointerEvent, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_SELECTED_UIDS } from '../../../../shared/api/actions';
import type { Folder } from '../../../../shared/api/folders';
import type { MessageSummary, MessageWindow } from '../../../../shared/api/messages';
import { messageQueryOptions } from '../api/get-message';
import { usePrefetchNeighbours } from '../api/prefetch-bodies';
import { cachedRow, cachedUids, ensureRows, messageWindowQueryOptions, pageOfRow, PAGE_SIZE } from '../api/get-message-window';
import { countMessages } from '../commands/message-commands';
import { useOpenMessage } from '../commands/open-message';
import { hasSelection, isRowSelected, useMailUiStore } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import { startMessageDrag } from './drag-and-drop';
import { ListHeader, nextSort } from './list-header';
import { MessageRow, PlaceholderRow, useRowHeight } from './message-row';
import { useSnoozeReturns } from '../api/snoozes';
import { LoadError } from '../../../components/load-error';
import { useRowGestures } from './use-row-gestures';
import { currentLocale } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { folderLabel } from './folder-label';

/** What the page-wide keyboard shortcuts may ask of the list. */
export interface ListController {
  move: (delta: number, extend?: boolean) => void;
  openCursor: () => void;
  focus: () => void;
}

/**
 * The message list of one folder view, virtualised: the scroll height is the
 * folder's total, only the rows in view exist in the DOM, and each window of
 * PAGE_SIZE rows is fetched (and cached) when one of its rows comes into view.
 * A folder of 100,000 messages costs what a folder of 50 does.
 *
 * Selecting: click selects one and opens it, Ctrl/Cmd-click toggles, Shift-click
 * (or Shift-arrows) selects from the anchor by position. A range reaching into
 * rows never loaded loads their windows first (at most MAX_SELECTED_UIDS rows),
 * so it acts on exactly the messages between, by UID; "Select all" needs no
 * rows at all, it names the whole folder to the server.
 */
interface MessageListProps {
  folder: Folder;
  controller?: Ref<ListController>;
  /** List-only view: a click selects, a double-click (or Enter) opens the message full size. */
  openOnDoubleClick?: boolean;
}

export function MessageList({ folder, controller, openOnDoubleClick = false }: MessageListProps) {
  const t = useT();
  const path = folder.path;
  const listId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const listboxRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const { view, cursor, selection, setView, selectOne, toggle, selectRange, resolvePending, selectAll, clearSelection } = useMailUiStore(
    useShallow((s) => ({
      view: s.view,
      cursor: s.cursor,
      selection: s.selection,
      setView: s.setView,
      selectOne: s.selectOne,
      toggle: s.toggle,
      selectRange: s.selectRange,
      resolvePending: s.resolvePending,
      selectAll: s.selectAll,
      clearSelection: s.clearSelection,
    })),
  );
  const openMessage = useOpenMessage(path);
  const openUid = useMailUiStore((s) => s.openUid);
  usePrefetchNeighbours(path, view, openUid === null || openOnDoubleClick ? null : cursor, scrollRef);

  // The first window also tells the total, which sizes the scroll area.
  const head = useQuery(messageWindowQueryOptions({ folder: path, page: 0, view }));
  const total = head.data?.total ?? 0;

  const rowHeight = useRowHeight();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render, never memoised
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  // A resize across the touch width changes every row's height at once.
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((row) => pageOfRow(row.index)))];
  const windows = useQueries({
    queries: pages.map((page) => messageWindowQueryOptions({ folder: path, page, view })),
    combine: (results) => results.map((result) => result.data),
  });
  const byPage = new Map<number, MessageWindow | undefined>(pages.map((page, i) => [page, windows[i]]));

  const rendered = (index: number): MessageSummary | undefined =>
    byPage.get(pageOfRow(index))?.items[index - pageOfRow(index) * PAGE_SIZE];

  /** Any row's message, rendered or not, straight from the cache. */
  const cachedAt = (index: number) => cachedRow(queryClient, path, view, index);

  const gestures = useRowGestures({
    scrollRef,
    folder: path,
    hasSelection: hasSelection(selection),
    rowAt: (index) => {
      const message = cachedAt(index);
      return message && { uids: [message.uid], unread: !message.flags.seen };
    },
    onLongPress: (index, selecting) => {
      const message = cachedAt(index);
      if (message && selecting) toggle(index, message.uid);
      else if (message) selectOne(index, message.uid);
    },
  });

  // Rows chosen before their window arrived become UIDs once it has.
  useEffect(() => {
    const { pending } = selection;
    if (!pending) return;
    const uids = cachedUids(queryClient, path, view, pending.from, pending.to);
    if (uids) resolvePending(uids);
  });

  function rangeTo(index: number) {
    const { anchor } = useMailUiStore.getState();
    const start = anchor < 0 ? index : anchor;
    const from = Math.min(start, index);
    const to = Math.max(start, index);
    if (to - from + 1 > MAX_SELECTED_UIDS) {
      showToast({
        tone: 'error',
        message: t('A range can hold at most {{max}} messages. To act on the whole folder, use "Select all".', { max: MAX_SELECTED_UIDS.toLocaleString(currentLocale()) }),
      });
      return;
    }
    const uids = cachedUids(queryClient, path, view, from, to);
    selectRange(index, uids);
    if (uids) return;
    ensureRows(queryClient, path, view, from, to).then(
      () => {
        const { pending } = useMailUiStore.getState().selection;
        if (pending?.from !== from || pending.to !== to) return;
        const loaded = cachedUids(queryClient, path, view, from, to);
        if (loaded) resolvePending(loaded);
      },
      (error: Error) => {
        const { pending } = useMailUiStore.getState().selection;
        if (pending?.from === from && pending.to === to) clearSelection();
        showToast({ tone: 'error', message: t('Could not load the messages of that range. {{error}}', { error: error.message }) });
      },
    );
  }

  function moveTo(index: number, extend = false) {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    if (extend) rangeTo(next);
    else selectOne(next, cachedAt(next)?.uid ?? null);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function openCursor() {
    const { cursor: at } = useMailUiStore.getState();
    const message = at >= 0 ? cachedAt(at) : undefined;
    if (message) openMessage(at, message);
  }

  useImperativeHandle(controller, () => ({
    move: (delta, extend) => {
      const { cursor: at } = useMailUiStore.getState();
      moveTo(at < 0 ? 0 : at + delta, extend);
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
    switch (key) {
      case 'j':
      case 'ArrowDown':
        moveTo(cursor < 0 ? 0 : cursor + 1, event.shiftKey);
        break;
      case 'k':
      case 'ArrowUp':
        moveTo(cursor < 0 ? 0 : cursor - 1, event.shiftKey);
        break;
      case 'Home':
        moveTo(0, event.shiftKey);
        break;
      case 'End':
        moveTo(total - 1, event.shiftKey);
        break;
      case 'Enter':
        openCursor();
        break;
      case ' ': {
        const message = cursor >= 0 ? cachedAt(cursor) : undefined;
        if (message) toggle(cursor, message.uid);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  function handleRowClick(index: number, message: MessageSummary, event: MouseEvent) {
    if (event.shiftKey) rangeTo(index);
    else if (event.ctrlKey || event.metaKey || gestures.selecting) toggle(index, message.uid);
    else if (openOnDoubleClick) selectOne(index, message.uid);
    else openMessage(index, message);
  }

  /** A plain press on a row will open it: ask for the message now, not at the click ~100 ms later. */
  function handleRowPointerDown(message: MessageSummary, event: PointerEvent) {
    if (event.button !== 0 || event.shiftKey || event.ctrlKey || event.metaKey || openOnDoubleClick) return;
    void queryClient.prefetchQuery(messageQueryOptions(path, message.uid));
  }

  function handlePlaceholderClick(index: number, event: MouseEvent) {
    if (event.shiftKey) rangeTo(index);
    else selectOne(index, null);
  }

  function handleDragStart(index: number, message: MessageSummary, event: DragEvent) {
    // Dragging a row outside the selection drags that row alone.
    let count = 1;
    if (!isRowSelected(selection, index, message.uid)) selectOne(index, message.uid);
    else count = selection.all ? total : selection.uids.size;
    startMessageDrag(event, path, countMessages(count));
  }

  const rowId = (index: number) => `${listId}-row-${index}`;
  const activeRendered = rows.some((row) => row.index === cursor);
  const now = new Date(head.dataUpdatedAt);
  const showRecipients = folder.specialUse === 'sent' || folder.specialUse === 'drafts';
  const returns = useSnoozeReturns(folder);

  return (
    <>
      <ListHeader
        view={view}
        allSelected={selection.all}
        someSelected={selection.uids.size > 0 || selection.pending !== null}
        disabled={total === 0}
        onToggleAll={() => (selection.all ? clearSelection() : selectAll())}
        onSort={(field) => setView(nextSort(view, field))}
      />
      {head.isPending ? (
        <p className="list-status" role="status">
          {view.search ? t('Searching…') : t('Loading messages…')}
        </p>
      ) : head.isError ? (
        <LoadError className="list-status" message={head.error.message} onRetry={() => void head.refetch()} />
      ) : total === 0 ? (
        <p className="list-status">{view.search ? t('No messages match your search.') : t('No messages in this folder.')}</p>
      ) : null}
      {gestures.pullIndicator}
      <div ref={scrollRef} className="message-list-scroll">
        {total > 0 && (
          <div
            ref={listboxRef}
            role="listbox"
            aria-label={view.search ? t('Search results in {{folder}}', { folder: folderLabel(folder) }) : t('Messages in {{folder}}', { folder: folderLabel(folder) })}
            aria-multiselectable="true"
            tabIndex={0}
            aria-activedescendant={activeRendered ? rowId(cursor) : undefined}
            className="message-listbox"
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={handleKeyDown}
          >
            {gestures.reveal}
            {rows.map((row) => {
              const message = rendered(row.index);
              const position = { id: rowId(row.index), index: row.index, total, start: row.start, height: rowHeight };
              const selected = isRowSelected(selection, row.index, message?.uid);
              return message ? (
                <MessageRow
                  key={row.key}
                  {...position}
                  message={message}
                  selected={selected}
                  now={now}
                  showRecipients={showRecipients}
                  returnAt={returns.get(message.uid)}
                  onClick={handleRowClick}
                  onPointerDown={handleRowPointerDown}
                  onDoubleClick={openOnDoubleClick ? openMessage : undefined}
                  onDragStart={handleDragStart}
                />
              ) : (
                <PlaceholderRow key={row.key} {...position} selected={selected} onClick={handlePlaceholderClick} />
              );
            })}
          </div>
        )}
      </div>
    </>
  );
}
