import { useState } from 'react';
import type { Folder } from '../../../../shared/api/folders';
import { useT } from '../i18n';
import { folderLabel } from './folder-label';

/**
 * Tells screen readers when new mail reaches the Inbox (its unread count
 * grew, from live updates or "Get Mail"), without moving the focus.
 */
export function NewMailAnnouncer({ folders }: { folders: Folder[] }) {
  const t = useT();
  const inbox = folders.find((folder) => folder.specialUse === 'inbox');
  const unread = inbox?.unread;
  // The count last seen, kept in state so the change is noticed while rendering (no effect, no extra pass).
  const [seen, setSeen] = useState(unread);
  const [text, setText] = useState('');
  if (unread !== seen) {
    if (inbox && unread !== undefined && seen !== undefined && unread > seen) {
      const count = unread - seen;
      setText(t('{{count}} new messages in {{folder}}', { count, folder: folderLabel(inbox) }));
    }
    setSeen(unread);
  }
  return (
    <div role="status" className="visually-hidden">
      {text}
    </div>
  );
}
