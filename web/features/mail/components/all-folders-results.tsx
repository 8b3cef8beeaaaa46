import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Folder } from '../../../../shared/api/folders';
import type { SearchField, SearchHit, SearchResults } from '../../../../shared/api/messages';
import { LoadError } from '../../../components/load-error';
import { pageOfRow, PAGE_SIZE } from '../api/get-message-window';
import { DEFAULT_VIEW, mailKeys } from '../../../lib/mail-keys';
import { allFolderSearchQueryOptions } from '../api/search-all-folders';
import { runMessageAction } from '../commands/message-commands';
import { MessageRow, PlaceholderRow, useRowHeight } from './message-row';
import { ReadingPane } from './reading-pane';
import { useT } from '../i18n';
import { folderLabel } from './folder-label';

interface AllFoldersResultsProps {
  search: string;
  searchIn: SearchField;
  folders: readonly Folder[];
  /** List-only view: an opened hit is shown full size in place of the results. */
  listOnly: boolean;
  /** The search bar, above the results. */
  children: ReactNode;
}

/**
 * The hits of a search of every folder, newest first, virtualised and fetched
 * a window at a time like a folder. Each row names its folder; opening one
 * shows it in the reading pane from that folder. Acting on hits (move, delete)
 * is done from their folder: a selection here would span folders, which the
 * action bar's commands do not.
 */
export function AllFoldersResults({ search, searchIn, folders, listOnly, children }: AllFoldersResultsProps) {
  const t = useT();
  const listId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState(-1);
  const [opened, setOpened] = useState<SearchHit | null>(null);

  const head = useQuery(allFolderSearchQueryOptions(search, searchIn, 0));
  const total = head.data?.total ?? 0;
  const rowHeight = useRowHeight();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render, never memoised
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 8 });
  // A resize across the touch width changes every row's height at once.
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((row) => pageOfRow(row.index)))];
  const windows = useQueries({
    queries: pages.map((page) => allFolderSearchQueryOptions(search, searchIn, page)),
    combine: (results) => results.map((result) => result.data),
  });
  const byPage = new Map<number, SearchResults | undefined>(pages.map((page, i) => [page, windows[i]]));
  const hitAt = (index: number): SearchHit | undefined =>
    (byPage.get(pageOfRow(index)) ?? queryClient.getQueryData<SearchResults>(mailKeys.allFolderSearch(search, searchIn, pageOfRow(index))))?.items[
      index - pageOfRow(index) * PAGE_SIZE
    ];
  const folderName = (path: string) => {
    const folder = folders.find((candidate) => candidate.path === path);
    return folder ? folderLabel(folder) : path;
  };

  function open(index: number, hit: SearchHit) {
    setCursor(index);
    setOpened(hit);
    if (!hit.flags.seen) {
      const target = { folder: hit.folder, view: DEFAULT_VIEW, uids: [hit.uid], count: 1 };
      void runMessageAction(queryClient, { action: { kind: 'seen-on-open' }, target }).then(() =>
        queryClient.invalidateQueries({ queryKey: mailKeys.allFolderSearches() }),
      );
    }
  }

  function moveTo(index: number) {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === 'j' || key === 'ArrowDown') moveTo(cursor + 1);
    else if (key === 'k' || key === 'ArrowUp') moveTo(cursor < 0 ? 0 : cursor - 1);
    else if (key === 'Enter') {
      const hit = cursor >= 0 ? hitAt(cursor) : undefined;
      if (hit) open(cursor, hit);
    } else return;
    event.preventDefault();
  }

  if (listOnly && opened) return <ReadingPane folder={opened.folder} uid={opened.uid} onBack={() => setOpened(null)} />;

  const rowId = (index: number) => `${listId}-hit-${index}`;
  const now = new Date(head.dataUpdatedAt);
  return (
    <>
      <section className="message-list" aria-label={t('Messages')}>
        {children}
        {head.isPending ? (
          <p className="list-status" role="status">
            {t('Searching all folders…')}
          </p>
        ) : head.isError ? (
          <LoadError className="list-status" message={head.error.message} onRetry={() => void head.refetch()} />
        ) : (
          <p className="list-status" role="status">
            {total === 0 ? t('No messages in any folder match your search.') : t('{{count, number}} messages in all folders', { count: total })}
          </p>
        )}
        <div ref={scrollRef} className="message-list-scroll">
          {total > 0 && (
            <div
              role="listbox"
              aria-label={t('Search results in all folders')}
              tabIndex={0}
              aria-activedescendant={rows.some((row) => row.index === cursor) ? rowId(cursor) : undefined}
              className="message-listbox"
              style={{ height: virtualizer.getTotalSize() }}
              onKeyDown={handleKeyDown}
            >
              {rows.map((row) => {
                const hit = hitAt(row.index);
                const position = { id: rowId(row.index), index: row.index, total, start: row.start, height: rowHeight };
                return hit ? (
                  <MessageRow
                    key={row.key}
                    {...position}
                    message={hit}
                    folderLabel={folderName(hit.folder)}
                    selected={listOnly ? cursor === row.index : opened?.folder === hit.folder && opened.uid === hit.uid}
                    now={now}
                    showRecipients={false}
                    onClick={(index) => (listOnly ? setCursor(index) : open(index, hit))}
                    onDoubleClick={listOnly ? (index) => open(index, hit) : undefined}
                  />
                ) : (
                  <PlaceholderRow key={row.key} {...position} selected={false} onClick={(index) => setCursor(index)} />
                );
              })}
            </div>
          )}
        </div>
      </section>
      {!listOnly && <ReadingPane folder={opened?.folder ?? ''} uid={opened?.uid ?? null} />}
    </>
  );
}
