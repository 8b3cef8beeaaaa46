import type { Folder, SpecialFolder } from '../../../../shared/api/folders';
import { msg } from '../../../lib/i18n/i18n';
import { isSnoozedFolder } from '../api/snoozes';
import { t } from '../i18n';

/** The special folders' names (SPEC §3: "Junk" is shown as "Spam"); the server sends them in English. */
const SPECIAL_NAMES: Record<SpecialFolder, string> = {
  inbox: msg('Inbox'),
  drafts: msg('Drafts'),
  sent: msg('Sent'),
  junk: msg('Spam'),
  trash: msg('Trash'),
};

/**
 * A folder's name as the user sees it: the special folders and Snoozed (which
 * Tern made) in the UI's language; the user's own folders by their own names.
 */
export function folderLabel(folder: Pick<Folder, 'path' | 'name' | 'specialUse' | 'delimiter'>): string {
  if (folder.specialUse) return t(SPECIAL_NAMES[folder.specialUse]);
  if (isSnoozedFolder(folder)) return t('Snoozed');
  return folder.name;
}
