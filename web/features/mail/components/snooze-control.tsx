import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import { MenuButton } from '../../../components/menu-button';
import type { MenuItem } from '../../../components/menu';
import { isSnoozedFolder } from '../api/snoozes';
import { useMailCommands } from '../commands/mail-commands';
import { formatSnoozeTime, snoozeChoices, type SnoozeChoice } from '../commands/snooze-times';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ClockIcon } from './icons';

const SnoozePickerDialog = lazy(() => import('./snooze-picker-dialog'));

/** Each choice's item, whole sentences: alone in "Snooze", or `among` other commands, where it says it snoozes. */
const CHOICE_LABELS: Record<SnoozeChoice['label'], { alone: string; among: string }> = {
  'Later today': { alone: msg('Later today: {{time}}'), among: msg('Snooze later today: {{time}}') },
  Tomorrow: { alone: msg('Tomorrow: {{time}}'), among: msg('Snooze tomorrow: {{time}}') },
  'Next week': { alone: msg('Next week: {{time}}'), among: msg('Snooze next week: {{time}}') },
};

/**
 * The snooze times (in the user's locale) and "Pick a date & time…", for the
 * action bar's "Snooze" and, on a phone, its "More"; `dialog` is the picker
 * once chosen, to be rendered by the caller.
 */
export function useSnoozeMenu(folder: Folder | null) {
  const t = useT();
  const commands = useMailCommands();
  const [picking, setPicking] = useState(false);
  const selection = useMailUiStore(useShallow((s) => s.selection));
  const enabled = folder !== null && !selection.all && selection.uids.size > 0 && selection.pending === null;
  /** `among` other commands (a phone's "More"), each item says it snoozes. */
  const items = (among = false): MenuItem[] => {
    const now = new Date();
    return [
      ...snoozeChoices(now).map((choice) => ({
        label: t(among ? CHOICE_LABELS[choice.label].among : CHOICE_LABELS[choice.label].alone, { time: formatSnoozeTime(choice.at, now) }),
        disabled: !enabled,
        onSelect: () => commands.snooze(choice.at),
      })),
      { label: among ? t('Snooze until…') : t('Pick a date & time…'), disabled: !enabled, onSelect: () => setPicking(true) },
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
  const t = useT();
  const snooze = useSnoozeMenu(folder);
  if (snooze.inSnoozed) {
    return (
      <button type="button" className={className} disabled={!snooze.enabled} onClick={snooze.unsnooze}>
        <ClockIcon />
        <span className="action-label">{t('Unsnooze')}</span>
      </button>
    );
  }
  return (
    <>
      <MenuButton label={t('Snooze')} className={className} disabled={!snooze.enabled} items={() => snooze.items()}>
        <ClockIcon />
        <span className="action-label">{t('Snooze')}</span>
      </MenuButton>
      {snooze.dialog}
    </>
  );
}
