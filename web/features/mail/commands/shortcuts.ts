import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { msg } from '../../../lib/i18n/i18n';

export type ShortcutId =
  | 'next'
  | 'previous'
  | 'extend-down'
  | 'extend-up'
  | 'open'
  | 'select-all'
  | 'search'
  | 'delete'
  | 'spam'
  | 'move'
  | 'mark-read'
  | 'mark-unread'
  | 'reply'
  | 'reply-all'
  | 'forward'
  | 'compose'
  | 'help';

export interface Shortcut {
  id: ShortcutId | null;
  /** As `keyName` spells them. */
  keys: string[];
  label: string;
  /** Only while the message list has focus (the list handles these itself). */
  listOnly?: boolean;
}

/**
 * Mail's keyboard shortcuts (SPEC §4), listed once: the "?" dialog shows this
 * table (titles and labels through `t`) and the page's key handler looks keys up in it.
 */
export const SHORTCUT_GROUPS: Array<{ title: string; shortcuts: Shortcut[] }> = [
  {
    title: msg('Moving around'),
    shortcuts: [
      { id: 'next', keys: ['j', 'ArrowDown'], label: msg('Next message') },
      { id: 'previous', keys: ['k', 'ArrowUp'], label: msg('Previous message') },
      { id: 'extend-down', keys: ['Shift+J', 'Shift+ArrowDown'], label: msg('Add the next message to the selection') },
      { id: 'extend-up', keys: ['Shift+K', 'Shift+ArrowUp'], label: msg('Add the previous message to the selection') },
      { id: 'open', keys: ['Enter'], label: msg('Open the message') },
      { id: 'select-all', keys: ['Ctrl+A'], label: msg('Select all messages of the folder'), listOnly: true },
      { id: 'search', keys: ['/'], label: msg('Search') },
    ],
  },
  {
    title: msg('Acting on the selection'),
    shortcuts: [
      { id: 'delete', keys: ['Delete', '#', 'Backspace'], label: msg('Delete') },
      { id: 'spam', keys: ['!'], label: msg('Spam (Not Spam in the Spam folder)') },
      { id: 'move', keys: ['m'], label: msg('Move to…') },
      { id: 'mark-read', keys: ['Shift+I'], label: msg('Mark as read') },
      { id: 'mark-unread', keys: ['Shift+U'], label: msg('Mark as unread') },
    ],
  },
  {
    title: msg('Everywhere'),
    shortcuts: [
      { id: 'help', keys: ['?'], label: msg('Show these shortcuts') },
      { id: null, keys: ['Escape'], label: msg('Close a dialog or menu, clear the search') },
    ],
  },
  {
    title: msg('Writing'),
    shortcuts: [
      { id: 'reply', keys: ['r'], label: msg('Reply') },
      { id: 'reply-all', keys: ['a'], label: msg('Reply All') },
      { id: 'forward', keys: ['f'], label: msg('Forward') },
      { id: 'compose', keys: ['c'], label: msg('Compose a new email') },
    ],
  },
];

/** A key press as the table spells it: "j", "Shift+J", "Ctrl+A", "#", "Shift+ArrowDown". */
export function keyName(event: KeyboardEvent | ReactKeyboardEvent): string {
  let key = event.key;
  if (key.length === 1) {
    // Shift is part of "?", "#" and "!" already; only letters name it.
    if (/^[a-z]$/i.test(key)) key = event.shiftKey ? `Shift+${key.toUpperCase()}` : key.toLowerCase();
  } else if (event.shiftKey) {
    key = `Shift+${key}`;
  }
  if (event.altKey) key = `Alt+${key}`;
  if (event.ctrlKey || event.metaKey) key = `Ctrl+${key}`;
  return key;
}

const BY_KEY = new Map<string, Shortcut>(
  SHORTCUT_GROUPS.flatMap((group) => group.shortcuts.flatMap((shortcut) => shortcut.keys.map((key) => [key, shortcut] as const))),
);

/** The page-wide shortcut a key press means, if any. */
export function shortcutFor(event: KeyboardEvent): ShortcutId | null {
  const shortcut = BY_KEY.get(keyName(event));
  return shortcut && !shortcut.listOnly ? shortcut.id : null;
}
