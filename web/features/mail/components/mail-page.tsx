import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { usePreferences } from '../../../lib/preferences';
import { loadMenu } from '../../../components/lazy-menu';
import { currentFolderOf, useFolders } from '../api/get-folders';
import { useLiveUpdates } from '../api/live-updates';
import { useMailCommands } from '../commands/mail-commands';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ActionBar } from './action-bar';
import { AllFoldersResults } from './all-folders-results';
import { DialogHost, loadConfirmDialog, loadMoveFolderDialog, loadShortcutsDialog } from './dialog-host';
import { FolderPane } from './folder-pane';
import { MessageList, type ListController } from './message-list';
import { preloadReader } from './message-view';
import { ReadingPane } from './reading-pane';
import { SearchBar } from './search-bar';
import { ToastHost } from './toast-host';
import { useMailShortcuts } from './use-mail-shortcuts';
import './mail.css';

/** Calls `then` once no query is fetching; returns a function that cancels the wait. */
function whenSettled(queryClient: QueryClient, then: () => void): () => void {
  if (queryClient.isFetching() === 0) {
    then();
    return () => undefined;
  }
  const stop = queryClient.getQueryCache().subscribe(() => {
    if (queryClient.isFetching() > 0) return;
    stop();
    then();
  });
  return stop;
}

/** Three panes: folders, the current folder's messages, the open message. */
export function MailPage() {
  const folders = useFolders();
  const chosen = useMailUiStore((s) => s.folder);
  const view = useMailUiStore((s) => s.view);
  const openUid = useMailUiStore((s) => s.openUid);
  const closeMessage = useMailUiStore((s) => s.closeMessage);
  // Display → "list": the list fills the page; a message opens full size in its place.
  const listOnly = usePreferences().preferences.display.layout === 'list';
  const commands = useMailCommands();
  const list = useRef<ListController>(null);
  useMailShortcuts(list, commands);
  // New mail, and changes made in the user's other tabs, without reloading (SPEC §4, §12).
  useLiveUpdates();

  const all = folders.data?.folders ?? [];
  const current = currentFolderOf(all, chosen);

  const title = current ? `${current.name}${current.unread > 0 ? ` (${current.unread})` : ''} – Tern` : 'Tern';
  useEffect(() => {
    document.title = title;
  }, [title]);

  // The reader, menus and dialogs are not on the first screen; fetch their code once it is up
  // (its requests answered: the rows come first), so the first message opens without waiting for its code.
  const queryClient = useQueryClient();
  const ready = folders.isSuccess;
  useEffect(() => {
    if (!ready) return;
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1500));
    return whenSettled(queryClient, () =>
      idle(() => {
        void preloadReader();
        void loadMenu();
        void loadConfirmDialog();
        void loadShortcutsDialog();
        void loadMoveFolderDialog();
      }),
    );
  }, [ready, queryClient]);

  return (
    <div className={listOnly ? 'mail is-list-only' : 'mail'}>
      <FolderPane
        list={folders.data}
        isPending={folders.isPending}
        error={folders.error}
        onRetry={() => void folders.refetch()}
        current={current}
        commands={commands}
      />
      <ActionBar folder={current} folders={all} />
      {current && view.search && view.scope === 'all' ? (
        <AllFoldersResults key={JSON.stringify(view)} search={view.search} searchIn={view.searchIn ?? 'subject'} folders={all} listOnly={listOnly}>
          <SearchBar key={current.path} folderName={current.name} />
        </AllFoldersResults>
      ) : current && listOnly && openUid !== null ? (
        <ReadingPane folder={current.path} uid={openUid} onBack={closeMessage} />
      ) : current ? (
        <>
          <section className="message-list" aria-label="Messages">
            <SearchBar key={current.path} folderName={current.name} />
            <MessageList key={`${current.path}\u0000${JSON.stringify(view)}`} folder={current} controller={list} openOnDoubleClick={listOnly} />
          </section>
          {!listOnly && <ReadingPane folder={current.path} uid={openUid} />}
        </>
      ) : (
        <div className="mail-placeholder" />
      )}
      <ToastHost />
      <DialogHost />
    </div>
  );
}
