import { useEffect, type RefObject } from 'react';
import type { MailCommands } from '../commands/mail-commands';
import { shortcutFor, type ShortcutId } from '../commands/shortcuts';
import { openDialog, useDialogStore } from '../stores/dialog-store';
import { hasSelection, useMailUiStore } from '../stores/mail-ui-store';
import type { ListController } from './message-list';
import { SEARCH_INPUT_ID } from './search-bar';

/** Typing goes to the field, never to a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

/** Enter on a button, link or folder keeps its own meaning. */
function hasOwnEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a, input, [role="treeitem"], [role="menuitem"]') !== null;
}

/**
 * Mail's page-wide keyboard shortcuts (the table is commands/shortcuts.ts).
 * Nothing fires while the user types in a field, while a dialog or a menu has
 * the keyboard, or when a control already handled the key.
 */
export function useMailShortcuts(list: RefObject<ListController | null>, commands: MailCommands): void {
  useEffect(() => {
    const actions: Record<ShortcutId, () => void> = {
      next: () => step(1, false),
      previous: () => step(-1, false),
      'extend-down': () => step(1, true),
      'extend-up': () => step(-1, true),
      open: () => list.current?.openCursor(),
      'select-all': () => useMailUiStore.getState().selectAll(),
      search: () => {
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input instanceof HTMLInputElement) {
          input.focus();
          input.select();
        }
      },
      delete: commands.delete,
      spam: commands.toggleSpam,
      move: () => {
        const ui = useMailUiStore.getState();
        if (hasSelection(ui.selection)) ui.setMoveMenuOpen(true);
      },
      'mark-read': commands.markRead,
      'mark-unread': commands.markUnread,
      reply: commands.reply,
      'reply-all': commands.replyAll,
      forward: commands.forward,
      compose: commands.newEmail,
      help: () => openDialog({ kind: 'shortcuts' }),
    };
    function step(delta: number, extend: boolean) {
      list.current?.focus();
      list.current?.move(delta, extend);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || useDialogStore.getState().dialog) return;
      const target = event.target;
      if (isTyping(target) || (target instanceof HTMLElement && target.closest('[role="menu"]'))) return;
      const id = shortcutFor(event);
      if (!id) return;
      if (id === 'open' && hasOwnEnter(target)) return;
      // Delete on a folder of the folder list is not about messages.
      if (id === 'delete' && target instanceof HTMLElement && target.closest('[role="tree"]')) return;
      event.preventDefault();
      actions[id]();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [list, commands]);
}
