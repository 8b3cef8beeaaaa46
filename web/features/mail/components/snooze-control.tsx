import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import { MenuButton } from '../../../components/menu-button';
import type { MenuItem } from '../../../components/menu';
import { isSnoozedFolder } from '../api/snoozes';
import { useMailCommands } from '../commands/mail-commands';
import { formatSnoozeTime, snoozeChoices } from '../commands/snooze-times';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ClockIcon } from './icons';

const SnoozePickerDialog = lazy(() => import('./snooze-picker-dialog'));

/**
 * The snooze times (in the user's locale) and "Pick a date & time…", for the
 * action bar's "Snooze" and, on a phone, its "More"; `dialog` is the picker
 * once chosen, to be rendered by the caller.
 */
export function useSnoozeMenu(folder: Folder | null) {
  const commands = useMailCommands();
  const [picking, setPicking] = useState(false);
  const selection = useMailUiStore(useShallow((s) => s.selection));
  const enabled = folder !== null && !selection.all && selection.uids.size > 0 && selection.pending === null;
  /** `among` other commands (a phone's "More"), each item says it snoozes. */
  const items = (among = false): MenuItem[] => {
    const now = new Date();
    return [
      ...snoozeChoices(now).map((choice) => ({
        label: `${among ? `Snooze ${choice.label.toLowerCase()}` : choice.label}: ${formatSnoozeTime(choice.at, now)}`,
        disabled: !enabled,
        onSelect: () => commands.snooze(choice.at),
      })),
      { label: among ? 'Snooze until…' : 'Pick a date & time…', disabled: !enabled, onSelect: () => setPicking(true) },
    ];
  };
  const dialog: ReactNode = picking && (
    <Suspense fallback={null}>
      <SnoozePickerDialog onPick={commands.snooze} onClose={() => setPicking(false)} />
    </Suspense>
  );
  return { enabled, inSnoozed: isSnoozedFolder(folder), unsnooze: commands.unsnooze, items, dialog };
}

/**
 * The action bar's "Snooze"; in the Snoozed folder "Unsnooze". Both act on
 * selected messages, not on "select all".
 */
export function SnoozeControl({ folder, className = 'button' }: { folder: Folder | null; className?: string }) {
  const snooze = useSnoozeMenu(folder);
  if (snooze.inSnoozed) {
    return (
      <button type="button" className={className} disabled={!snooze.enabled} onClick={snooze.unsnooze}>
        <ClockIcon />
        <span className="action-label">Unsnooze</span>
      </button>
    );
  }
  return (
    <>
      <MenuButton label="Snooze" className={className} disabled={!snooze.enabled} items={() => snooze.items()}>
        <ClockIcon />
        <span className="action-label">Snooze</span>
      </MenuButton>
      {snooze.dialog}
    </>
  );
}
