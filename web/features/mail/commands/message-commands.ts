import { MutationObserver, type MutationOptions, type QueryClient } from '@tanstack/react-query';
import type { MoveResult } from '../../../../shared/api/actions';
import type { Folder } from '../../../../shared/api/folders';
import type { MessageWindow } from '../../../../shared/api/messages';
import { isSessionEnded } from '../../../lib/api-client';
import { cachedFolders, currentFolderOf, specialFolder } from '../../../lib/folders-query';
import { deleteMessages, moveMessages, reportNotSpam, reportSpam, setFlags } from '../api/message-actions';
import { mailKeys, sameView } from '../../../lib/mail-keys';
import { setSeen } from '../api/set-seen';
import { invalidateSnoozes, snoozedFolderOf, snoozeMessages, unsnoozeMessages } from '../api/snoozes';
import { takeSelectionSnapshot, useMailUiStore, type SelectionSnapshot } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import { formatSnoozeTime } from './snooze-times';
import { folderLabel } from '../components/folder-label';
import { t } from '../i18n';
import {
  applyFlag,
  applyRemoval,
  cachedPositions,
  cancelRefetches,
  invalidateFolders,
  restoreSnapshot,
  takeSnapshot,
  toSelection,
  type ActionTarget,
  type MailSnapshot,
} from './cache-updates';

/**
 * Every change to messages the user can make, whichever control asked for it
 * (action bar, keyboard, drag and drop, menus, a toast's "Undo"), runs
 * through here: request, optimistic update, rollback, the toast, invalidation.
 */
export type MessageAction =
  | { kind: 'flag'; flag: 'seen' | 'flagged'; value: boolean }
  /** Opening an unread message marks it read through the API's own endpoint for that. */
  | { kind: 'seen-on-open' }
  | { kind: 'move'; to: string; undo?: boolean }
  | { kind: 'delete'; permanently: boolean }
  | { kind: 'spam' }
  | { kind: 'not-spam' }
  /** To "Snoozed" until `until` (ISO), then back to the Inbox (server/snooze/). */
  | { kind: 'snooze'; until: string }
  | { kind: 'unsnooze' };

export interface ActionVariables {
  action: MessageAction;
  target: ActionTarget;
}

interface ActionContext {
  snapshot: MailSnapshot;
  selection: SelectionSnapshot;
}

/** "1 message", "5,000 messages" (the number in the UI's language). */
export function countMessages(count: number): string {
  return t('{{count, number}} messages', { count });
}

function folderName(folders: Folder[], path: string | null): string {
  const folder = folders.find((f) => f.path === path);
  return folder ? folderLabel(folder) : (path ?? '');
}

/** Where the messages go; null when they are deleted for good, undefined when they stay. */
function destinationOf(queryClient: QueryClient, action: MessageAction): string | null | undefined {
  const folders = cachedFolders(queryClient);
  switch (action.kind) {
    case 'move':
      return action.to;
    case 'delete':
      return action.permanently ? null : (specialFolder(folders, 'trash')?.path ?? null);
    case 'spam':
      return specialFolder(folders, 'junk')?.path ?? null;
    case 'not-spam':
    case 'unsnooze':
      return specialFolder(folders, 'inbox')?.path ?? 'INBOX';
    case 'snooze':
      return snoozedFolderOf(folders)?.path ?? null;
    default:
      return undefined;
  }
}

function failureText(action: MessageAction, count: number): string {
  switch (action.kind) {
    case 'flag':
      if (action.flag === 'seen') return action.value ? t('Could not mark the messages as read.', { count }) : t('Could not mark the messages as unread.', { count });
      return action.value ? t('Could not flag the messages.', { count }) : t('Could not unflag the messages.', { count });
    case 'seen-on-open':
      return t('Could not mark the messages as read.', { count });
    case 'move':
      return action.undo ? t('Could not move the messages back.', { count }) : t('Could not move the messages.', { count });
    case 'delete':
      return t('Could not delete the messages.', { count });
    case 'spam':
      return t('Could not report the messages as spam.', { count });
    case 'not-spam':
    case 'unsnooze':
      return t('Could not move the messages to the Inbox.', { count });
    case 'snooze':
      return t('Could not snooze the messages.', { count });
  }
}

function send({ action, target }: ActionVariables): Promise<MoveResult | void> {
  const selection = toSelection(target);
  switch (action.kind) {
    case 'flag':
      return setFlags({ selection, flag: action.flag, value: action.value });
    case 'seen-on-open':
      return setSeen({ folder: target.folder, uids: target.uids ?? [], seen: true });
    case 'move':
      return moveMessages({ selection, to: action.to });
    case 'delete':
      return deleteMessages({ selection, permanently: action.permanently });
    case 'spam':
      return reportSpam({ selection });
    case 'not-spam':
      return reportNotSpam({ selection });
    // The command offers these for named messages only (snooze-command.ts).
    case 'snooze':
      return snoozeMessages({ folder: target.folder, uids: target.uids ?? [], until: action.until });
    case 'unsnooze':
      return unsnoozeMessages({ uids: target.uids ?? [] });
  }
}

/** The list's cursor after the target left: the row that moved up into the first gap. */
function placeCursorAfterRemoval(queryClient: QueryClient, target: ActionTarget, positions: number[]): void {
  const ui = useMailUiStore.getState();
  const shown = currentFolderOf(cachedFolders(queryClient), ui.folder)?.path === target.folder && sameView(ui.view, target.view);
  if (!shown) return;
  if (!target.uids) {
    ui.afterRemoval(null, -1);
    return;
  }
  const total = queryClient.getQueryData<MessageWindow>(mailKeys.window(target.folder, target.view, 0))?.total;
  const first = positions[0] ?? ui.cursor;
  const next = total === undefined ? first : Math.min(first, total - 1);
  ui.afterRemoval(target.uids, next);
}

function actionOptions(queryClient: QueryClient): MutationOptions<MoveResult | void, Error, ActionVariables, ActionContext> {
  return {
    mutationFn: send,
    onMutate: async ({ action, target }) => {
      await cancelRefetches(queryClient, target.folder);
      const context = { snapshot: takeSnapshot(queryClient, target.folder), selection: takeSelectionSnapshot() };
      if (action.kind === 'flag') applyFlag(queryClient, target, action.flag, action.value);
      else if (action.kind === 'seen-on-open') applyFlag(queryClient, target, 'seen', true);
      else {
        const positions = cachedPositions(queryClient, target);
        applyRemoval(queryClient, target, destinationOf(queryClient, action) ?? null);
        placeCursorAfterRemoval(queryClient, target, positions);
      }
      return context;
    },
    onError: (error, { action, target }, context) => {
      if (context) {
        restoreSnapshot(queryClient, context.snapshot);
        const ui = useMailUiStore.getState();
        // Give the selection back only if the user is still looking at the same list.
        if (action.kind !== 'seen-on-open' && ui.folder === context.selection.folder && sameView(ui.view, context.selection.view)) {
          ui.restore(context.selection);
        }
      }
      if (!isSessionEnded(error)) showToast({ tone: 'error', message: `${failureText(action, target.count)} ${error.message}` });
    },
    onSuccess: (result, { action }) => {
      if (!result || action.kind === 'flag' || action.kind === 'seen-on-open') return;
      const folders = cachedFolders(queryClient);
      const count = result.count;
      if (result.to === null) {
        showToast({ tone: 'info', message: t('{{count, number}} messages deleted for good', { count }) });
        return;
      }
      if (action.kind === 'move' && action.undo) {
        showToast({ tone: 'info', message: t('{{count, number}} messages moved back to {{folder}}', { count, folder: folderName(folders, result.to) }) });
        return;
      }
      const { uids, from, to } = result;
      showToast({
        tone: 'info',
        message:
          action.kind === 'snooze'
            ? t('{{count, number}} messages snoozed until {{time}}', { count, time: formatSnoozeTime(new Date(action.until), new Date()) })
            : t('{{count, number}} messages moved to {{folder}}', { count, folder: folderName(folders, to) }),
        action:
          uids && uids.length > 0
            ? {
                label: t('Undo'),
                run: () =>
                  void runMessageAction(queryClient, {
                    action: { kind: 'move', to: from, undo: true },
                    target: { folder: to, view: { sort: 'date', order: 'desc' }, uids, count: uids.length },
                  }),
              }
            : undefined,
      });
    },
    onSettled: (result, _error, { action, target }) => {
      invalidateFolders(queryClient, target.folder, destinationOf(queryClient, action) ?? result?.to ?? null);
      if (action.kind === 'snooze' || action.kind === 'unsnooze') invalidateSnoozes(queryClient);
    },
  };
}

/**
 * Runs one action through the mutation cache (so the app's watchers see its
 * errors, a 401 included). Resolves with the server's answer, or undefined
 * when it failed: the failure has been shown and rolled back by then.
 */
export function runMessageAction(queryClient: QueryClient, variables: ActionVariables): Promise<MoveResult | void> {
  return new MutationObserver(queryClient, actionOptions(queryClient)).mutate(variables).catch(() => undefined);
}
