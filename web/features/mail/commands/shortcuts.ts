import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

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
 * table and the page's key handler looks keys up in it.
 */
export const SHORTCUT_GROUPS: Array<{ title: string; shortcuts: Shortcut[] }> = [
  {
    title: 'Moving around',
    shortcuts: [
      { id: 'next', keys: ['j', 'ArrowDown'], label: 'Next message' },
      { id: 'previous', keys: ['k', 'ArrowUp'], label: 'Previous message' },
      { id: 'extend-down', keys: ['Shift+J', 'Shift+ArrowDown'], label: 'Add the next message to the selection' },
      { id: 'extend-up', keys: ['Shift+K', 'Shift+ArrowUp'], label: 'Add the previous message to the selection' },
      { id: 'open', keys: ['Enter'], label: 'Open the message' },
      { id: 'select-all', keys: ['Ctrl+A'], label: 'Select all messages of the folder', listOnly: true },
      { id: 'search', keys: ['/'], label: 'Search' },
    ],
  },
  {
    title: 'Acting on the selection',
    shortcuts: [
      { id: 'delete', keys: ['Delete', '#', 'Backspace'], label: 'Delete' },
      { id: 'spam', keys: ['!'], label: 'Spam (Not Spam in the Spam folder)' },
      { id: 'move', keys: ['m'], label: 'Move to…' },
      { id: 'mark-read', keys: ['Shift+I'], label: 'Mark as read' },
      { id: 'mark-unread', keys: ['Shift+U'], label: 'Mark as unread' },
    ],
  },
  {
    title: 'Everywhere',
    shortcuts: [
      { id: 'help', keys: ['?'], label: 'Show these shortcuts' },
      { id: null, keys: ['Escape'], label: 'Close a dialog or menu, clear the search' },
    ],
  },
  {
    title: 'Writing',
    shortcuts: [
      { id: 'reply', keys: ['r'], label: 'Reply' },
      { id: 'reply-all', keys: ['a'], label: 'Reply All' },
      { id: 'forward', keys: ['f'], label: 'Forward' },
      { id: 'compose', keys: ['c'], label: 'Compose a new email' },
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
