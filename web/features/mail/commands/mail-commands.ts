import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Folder } from '../../../../shared/api/folders';
import type { MessageWindow } from '../../../../shared/api/messages';
import { openCompose } from '../../../lib/compose-intent';
import { cachedFolders, currentFolderOf } from '../../../lib/folders-query';
import { mailKeys } from '../../../lib/mail-keys';
import { openDialog } from '../stores/dialog-store';
import { useMailUiStore } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import type { ActionTarget } from './cache-updates';
import { t } from '../i18n';
import { runMessageAction, type MessageAction } from './message-commands';

/** The folder shown, from the cache; null before the folder list has loaded. */
export function shownFolder(queryClient: QueryClient): Folder | null {
  return currentFolderOf(cachedFolders(queryClient), useMailUiStore.getState().folder);
}

/**
 * What the commands act on now: the selected messages, or all of the folder.
 * Null when nothing is selected, or a Shift range is still loading its rows.
 */
export function currentTarget(queryClient: QueryClient): ActionTarget | null {
  const folder = shownFolder(queryClient);
  const { selection, view } = useMailUiStore.getState();
  if (!folder || selection.pending) return null;
  if (selection.all) {
    const total = queryClient.getQueryData<MessageWindow>(mailKeys.window(folder.path, view, 0))?.total ?? folder.total;
    return total > 0 ? { folder: folder.path, view, uids: null, count: total } : null;
  }
  if (selection.uids.size === 0) return null;
  return { folder: folder.path, view, uids: [...selection.uids], count: selection.uids.size };
}

function run(queryClient: QueryClient, action: MessageAction): void {
  const target = currentTarget(queryClient);
  if (target) void runMessageAction(queryClient, { action, target });
}

/** Named messages of the folder shown, whatever is selected (a swipe on one row). */
function namedTarget(queryClient: QueryClient, uids: number[]): ActionTarget | null {
  const folder = shownFolder(queryClient);
  return folder && uids.length > 0 ? { folder: folder.path, view: useMailUiStore.getState().view, uids, count: uids.length } : null;
}

function deleteSelection(queryClient: QueryClient, target = currentTarget(queryClient)): void {
  if (!target) return;
  if (shownFolder(queryClient)?.specialUse !== 'trash') {
    void runMessageAction(queryClient, { action: { kind: 'delete', permanently: false }, target });
    return;
  }
  // In Trash, "Delete" is for good: say how many first (SPEC §2).
  const count = target.count;
  openDialog({
    kind: 'confirm',
    title: target.uids ? t('Delete {{count, number}} messages for good?', { count }) : t('Delete all {{count, number}} messages for good?', { count }),
    body: t('They cannot be brought back.'),
    confirmLabel: t('Delete'),
    onConfirm: () => void runMessageAction(queryClient, { action: { kind: 'delete', permanently: true }, target }),
  });
}

/**
 * Files the selection into a folder, by whichever means: "Move to…", a drop
 * on the folder list. Trash, Spam and (from Spam) the Inbox mean what the
 * action bar's "Delete", "Spam" and "Not Spam" mean.
 */
function fileInto(queryClient: QueryClient, destination: Folder): void {
  const current = shownFolder(queryClient);
  if (!current || destination.path === current.path) return;
  if (destination.specialUse === 'trash') deleteSelection(queryClient);
  else if (destination.specialUse === 'junk') run(queryClient, { kind: 'spam' });
  else if (destination.specialUse === 'inbox' && current.specialUse === 'junk') run(queryClient, { kind: 'not-spam' });
  else run(queryClient, { kind: 'move', to: destination.path });
}

/** Snooze and Unsnooze name messages (the store keeps a row for each), never "all of the folder". */
function runOnNamed(queryClient: QueryClient, action: MessageAction): void {
  const target = currentTarget(queryClient);
  if (target?.uids) void runMessageAction(queryClient, { action, target });
}

/** Reply, Reply All, Forward: to the one selected message (nothing for several). */
function composeFromSelection(queryClient: QueryClient, mode: 'reply' | 'replyAll' | 'forward'): void {
  const target = currentTarget(queryClient);
  const uid = target?.uids?.length === 1 ? target.uids[0] : undefined;
  if (target && uid !== undefined) openCompose({ replyTo: { folder: target.folder, uid, mode } });
}

export function mailCommands(queryClient: QueryClient) {
  return {
    markRead: () => run(queryClient, { kind: 'flag', flag: 'seen', value: true }),
    markUnread: () => run(queryClient, { kind: 'flag', flag: 'seen', value: false }),
    flag: () => run(queryClient, { kind: 'flag', flag: 'flagged', value: true }),
    unflag: () => run(queryClient, { kind: 'flag', flag: 'flagged', value: false }),
    delete: () => deleteSelection(queryClient),
    spam: () => run(queryClient, { kind: 'spam' }),
    notSpam: () => run(queryClient, { kind: 'not-spam' }),
    /** "Spam" in the action bar: "Not Spam" when looking at the Spam folder. */
    toggleSpam: () => run(queryClient, shownFolder(queryClient)?.specialUse === 'junk' ? { kind: 'not-spam' } : { kind: 'spam' }),
    fileInto: (destination: Folder) => fileInto(queryClient, destination),
    /** To "Snoozed" until then, back at the top of the Inbox at that time. */
    snooze: (until: Date) => runOnNamed(queryClient, { kind: 'snooze', until: until.toISOString() }),
    unsnooze: () => runOnNamed(queryClient, { kind: 'unsnooze' }),
    newEmail: () => openCompose(),
    reply: () => composeFromSelection(queryClient, 'reply'),
    replyAll: () => composeFromSelection(queryClient, 'replyAll'),
    forward: () => composeFromSelection(queryClient, 'forward'),
    /** A row swiped left (touch): "Delete" on that row's messages, undone like any delete. */
    deleteMessages: (uids: number[]) => deleteSelection(queryClient, namedTarget(queryClient, uids)),
    /** A row swiped right: read or unread, with an "Undo" since a swipe is easily made by mistake. */
    markMessagesRead: (uids: number[], read: boolean) => {
      const target = namedTarget(queryClient, uids);
      if (!target) return;
      const mark = (value: boolean) => void runMessageAction(queryClient, { action: { kind: 'flag', flag: 'seen', value }, target });
      mark(read);
      const count = target.count;
      const message = read ? t('{{count, number}} messages marked as read', { count }) : t('{{count, number}} messages marked as unread', { count });
      showToast({ tone: 'info', message, action: { label: t('Undo'), run: () => mark(!read) } });
    },
  };
}

export type MailCommands = ReturnType<typeof mailCommands>;

export function useMailCommands(): MailCommands {
  const queryClient = useQueryClient();
  return useMemo(() => mailCommands(queryClient), [queryClient]);
}
