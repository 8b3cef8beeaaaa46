import { lazy, Suspense, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import { MenuButton } from '../../../components/menu-button';
import { isSnoozedFolder } from '../api/snoozes';
import { useMailCommands } from '../commands/mail-commands';
import { formatSnoozeTime, snoozeChoices } from '../commands/snooze-times';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ClockIcon } from './icons';

const SnoozePickerDialog = lazy(() => import('./snooze-picker-dialog'));

/**
 * The action bar's "Snooze" (a menu of times, in the user's locale, and "Pick
 * a date & time…"); in the Snoozed folder "Unsnooze". Both act on selected
 * messages, not on "select all".
 */
export function SnoozeControl({ folder }: { folder: Folder | null }) {
  const commands = useMailCommands();
  const [picking, setPicking] = useState(false);
  const selection = useMailUiStore(useShallow((s) => s.selection));
  const enabled = folder !== null && !selection.all && selection.uids.size > 0 && selection.pending === null;

  if (isSnoozedFolder(folder)) {
    return (
      <button type="button" className="button" disabled={!enabled} onClick={commands.unsnooze}>
        <ClockIcon />
        <span className="action-label">Unsnooze</span>
      </button>
    );
  }
  return (
    <>
      <MenuButton
        label="Snooze"
        disabled={!enabled}
        items={() => {
          const now = new Date();
          return [
            ...snoozeChoices(now).map((choice) => ({ label: `${choice.label}: ${formatSnoozeTime(choice.at, now)}`, onSelect: () => commands.snooze(choice.at) })),
            { label: 'Pick a date & time…', onSelect: () => setPicking(true) },
          ];
        }}
      >
        <ClockIcon />
        <span className="action-label">Snooze</span>
      </MenuButton>
      {picking && (
        <Suspense fallback={null}>
          <SnoozePickerDialog onPick={commands.snooze} onClose={() => setPicking(false)} />
        </Suspense>
      )}
    </>
  );
}
