import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePhoneLayout } from '../../../lib/layout';
import { usePreferences } from '../../../lib/preferences';
import { currentFolderOf, useFolders } from '../../../lib/folders-query';
import { useLiveUpdates } from '../api/live-updates';
import { useMailCommands } from '../commands/mail-commands';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ActionBar } from './action-bar';
import { AllFoldersResults } from './all-folders-results';
import { DialogHost } from './dialog-host';
import { FolderPane } from './folder-pane';
import { ConversationsToggle } from './conversations-toggle';
import { MessageList, type ListController } from './message-list';
import { NewMailAnnouncer } from './new-mail-announcer';
import { preloadMailPageCode } from './preload-mail-code';
import { ReadingPane } from './reading-pane';
import { SearchBar } from './search-bar';
import { ThreadList } from './thread-list';
import { ToastHost } from './toast-host';
import { useMailShortcuts } from './use-mail-shortcuts';
import { useT } from '../i18n';
import './mail.css';
import { folderLabel } from './folder-label';

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

/**
 * Three panes: folders, the current folder's messages, the open message.
 * Narrower screens arrange the same panes (mail.css): a tablet shows the list
 * and the message with the folders in a drawer; a phone shows one pane at a
 * time, the open message over the list (which keeps its scroll) with a way back.
 */
export function MailPage() {
  const t = useT();
  const folders = useFolders();
  const chosen = useMailUiStore((s) => s.folder);
  const view = useMailUiStore((s) => s.view);
  const openUid = useMailUiStore((s) => s.openUid);
  const closeMessage = useMailUiStore((s) => s.closeMessage);
  // Display → "list": the list fills the page; a message opens full size in its place.
  const { display } = usePreferences().preferences;
  const listOnly = display.layout === 'list';
  // Conversations group the folder's list; a search lists the messages it finds.
  const conversations = display.conversations && !view.search;
  const searchIn = view.searchIn ?? 'subject';
  const phone = usePhoneLayout();
  const [foldersOpen, setFoldersOpen] = useState(false);
  const folderPaneId = useId();
  const commands = useMailCommands();
  const list = useRef<ListController>(null);
  useMailShortcuts(list, commands);
  // New mail, and changes made in the user's other tabs, without reloading (SPEC §4, §12).
  useLiveUpdates();

  const all = folders.data?.folders ?? [];
  const current = currentFolderOf(all, chosen);

  const title = current ? `${folderLabel(current)}${current.unread > 0 ? ` (${current.unread})` : ''} – Tern` : 'Tern';
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
      idle(() => void preloadMailPageCode()),
    );
  }, [ready, queryClient]);

  const classes = ['mail', listOnly && 'is-list-only', openUid !== null && 'has-open-message', foldersOpen && 'is-folders-open'].filter(Boolean).join(' ');
  const toggleFolders = () => {
    setFoldersOpen(!foldersOpen);
    // Into the drawer, on the current folder, so the keyboard follows the eye.
    if (!foldersOpen) requestAnimationFrame(() => document.getElementById(folderPaneId)?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus());
  };
  const closeFoldersOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !foldersOpen || event.defaultPrevented) return;
    event.preventDefault();
    setFoldersOpen(false);
    document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(folderPaneId)}"]`)?.focus();
  };

  return (
    <div className={classes} onKeyDown={closeFoldersOnEscape}>
      <FolderPane
        id={folderPaneId}
        onFolderChosen={() => setFoldersOpen(false)}
        list={folders.data}
        isPending={folders.isPending}
        error={folders.error}
        onRetry={() => void folders.refetch()}
        current={current}
        commands={commands}
      />
      {foldersOpen && <div className="drawer-backdrop" aria-hidden="true" onClick={() => setFoldersOpen(false)} />}
      <ActionBar folder={current} folders={all} folderDrawer={{ id: folderPaneId, open: foldersOpen, toggle: toggleFolders }} />
      {current && view.search && view.scope === 'all' ? (
        <AllFoldersResults key={JSON.stringify(view)} search={view.search} searchIn={searchIn} folders={all} listOnly={listOnly || phone}>
          <SearchBar key={current.path} folderName={folderLabel(current)} />
        </AllFoldersResults>
      ) : current && listOnly && openUid !== null ? (
        <ReadingPane folder={current.path} uid={openUid} onBack={closeMessage} conversation={conversations} />
      ) : current ? (
        <>
          <section className="message-list" aria-label={t('Messages')}>
            <SearchBar key={current.path} folderName={folderLabel(current)} />
            <div className="list-tools">
              <ConversationsToggle />
            </div>
            {conversations ? (
              <ThreadList key={`threads\u0000${current.path}`} folder={current} controller={list} openOnDoubleClick={listOnly} />
            ) : (
              <MessageList key={`${current.path}\u0000${JSON.stringify(view)}`} folder={current} controller={list} openOnDoubleClick={listOnly} />
            )}
          </section>
          {!listOnly && <ReadingPane folder={current.path} uid={openUid} onBack={phone ? closeMessage : undefined} conversation={conversations} />}
        </>
      ) : (
        <div className="mail-placeholder" />
      )}
      <ToastHost />
      <NewMailAnnouncer folders={all} />
      <DialogHost />
    </div>
  );
}
