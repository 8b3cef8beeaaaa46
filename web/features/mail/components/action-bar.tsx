import { useQuery } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import { MenuButton } from '../../../components/menu-button';
import { messageWindowQueryOptions } from '../api/get-message-window';
import { useGetMail } from '../commands/get-mail';
import { useMailCommands } from '../commands/mail-commands';
import { hasSelection, useMailUiStore } from '../stores/mail-ui-store';
import { usePhoneLayout } from '../../../lib/layout';
import type { MenuItem } from '../../../components/menu';
import { SnoozeControl, useSnoozeMenu } from './snooze-control';
import { useT } from '../i18n';
import { folderLabel } from './folder-label';
import { ChevronDownIcon, ForwardIcon, MailOpenIcon, MenuIcon, MoreIcon, MoveIcon, RefreshIcon, ReplyIcon, SpamIcon, TrashIcon } from './icons';

/** "All 5,000 selected", "3 selected"; nothing for one message (the highlighted row says it). */
function SelectionStatus({ folder }: { folder: string | null }) {
  const t = useT();
  const { selection, view, clear } = useMailUiStore(useShallow((s) => ({ selection: s.selection, view: s.view, clear: s.clearSelection })));
  // Reads the list's first window from the cache; the list is the one that fetches it.
  const head = useQuery({ ...messageWindowQueryOptions({ folder: folder ?? '', page: 0, view }), enabled: false });
  const total = head.data?.total ?? 0;
  let text = '';
  if (selection.all) text = t('All {{count, number}} selected', { count: total });
  else if (selection.pending && selection.pending.to > selection.pending.from) {
    text = t('Selecting {{count, number}} messages…', { count: selection.pending.to - selection.pending.from + 1 });
  } else if (selection.uids.size > 1) text = t('{{count, number}} selected', { count: selection.uids.size });
  return (
    <div className="selection-status">
      <span role="status">{text}</span>
      {text && (selection.all || selection.uids.size > 1) && (
        <button type="button" className="button button-quiet button-small" onClick={clear}>
          {t('Clear selection')}
        </button>
      )}
    </div>
  );
}

interface ActionBarProps {
  folder: Folder | null;
  folders: Folder[];
  /** Phone and tablet: the folder drawer, opened by the bar's first button. */
  folderDrawer: { id: string; open: boolean; toggle: () => void };
}

/**
 * Mail's commands for the selection. Reply, Reply All and Forward answer one
 * message (a single selection). Each button runs a command of
 * commands/mail-commands.ts, the same the keyboard and drag and drop run.
 * On phones and tablets (mail.css) the secondary commands move into "More";
 * on a phone the labels become icons, their names kept for screen readers,
 * and "Get Mail" (a pull on the list does it there) and "Snooze" join them,
 * so the bar stays on one line down to 360 px.
 */
export function ActionBar({ folder, folders, folderDrawer }: ActionBarProps) {
  const t = useT();
  const { getMail, isFetching } = useGetMail(folder?.path ?? null);
  const commands = useMailCommands();
  const { selection, moveMenuOpen, setMoveMenuOpen } = useMailUiStore(
    useShallow((s) => ({ selection: s.selection, moveMenuOpen: s.moveMenuOpen, setMoveMenuOpen: s.setMoveMenuOpen })),
  );
  const enabled = folder !== null && hasSelection(selection) && selection.pending === null;
  const inSpam = folder?.specialUse === 'junk';
  const single = folder !== null && !selection.all && selection.uids.size === 1 && selection.pending === null;
  const phone = usePhoneLayout();
  const snooze = useSnoozeMenu(folder);
  const phoneOnlyItems = (): MenuItem[] => {
    if (!phone) return [];
    const snoozeItems = snooze.inSnoozed
      ? [{ label: t('Unsnooze'), disabled: !snooze.enabled, onSelect: snooze.unsnooze }]
      : snooze.items(true);
    return [{ label: t('Get Mail'), onSelect: () => void getMail() }, ...snoozeItems];
  };

  return (
    <div className="action-bar">
      <button type="button" className="button folders-toggle" aria-expanded={folderDrawer.open} aria-controls={folderDrawer.id} onClick={folderDrawer.toggle}>
        <MenuIcon />
        <span className="action-label">{t('Folders')}</span>
      </button>
      <MenuButton label={t('New')} className="button button-primary" items={() => [{ label: t('New Email'), onSelect: commands.newEmail }]}>
        {t('New')}
        <ChevronDownIcon />
      </MenuButton>
      <button type="button" className="button is-phone-secondary" onClick={() => void getMail()} aria-busy={isFetching}>
        <span className={isFetching ? 'spin' : undefined}>
          <RefreshIcon />
        </span>
        <span className="action-label">{t('Get Mail')}</span>
      </button>
      <span className="action-divider" aria-hidden="true" />
      <button type="button" className="button" disabled={!single} onClick={commands.reply}>
        <ReplyIcon />
        <span className="action-label">{t('Reply')}</span>
      </button>
      <button type="button" className="button is-secondary" disabled={!single} onClick={commands.replyAll}>
        <ReplyIcon />
        {t('Reply All')}
      </button>
      <button type="button" className="button is-secondary" disabled={!single} onClick={commands.forward}>
        <ForwardIcon />
        {t('Forward')}
      </button>
      <span className="action-divider" aria-hidden="true" />
      <button type="button" className="button is-secondary" disabled={!enabled} onClick={commands.toggleSpam}>
        <SpamIcon />
        {inSpam ? t('Not Spam') : t('Spam')}
      </button>
      <button type="button" className="button" disabled={!enabled} onClick={commands.delete}>
        <TrashIcon />
        <span className="action-label">{t('Delete')}</span>
      </button>
      <SnoozeControl folder={folder} className="button is-phone-secondary" />
      <MenuButton
        label={t('Move to…')}
        disabled={!enabled}
        open={moveMenuOpen}
        onOpenChange={setMoveMenuOpen}
        items={() =>
          folders
            .filter((f) => f.path !== folder?.path)
            .map((f) => ({ label: folderLabel(f), depth: f.depth, onSelect: () => commands.fileInto(f) }))
        }
      >
        <MoveIcon />
        <span className="action-label">{t('Move to…')}</span>
      </MenuButton>
      <MenuButton
        label={t('Mark')}
        className="button is-secondary"
        disabled={!enabled}
        items={() => [
          { label: t('Mark as read'), onSelect: commands.markRead },
          { label: t('Mark as unread'), onSelect: commands.markUnread },
          { label: t('Flag'), onSelect: commands.flag },
          { label: t('Unflag'), onSelect: commands.unflag },
        ]}
      >
        <MailOpenIcon />
        {t('Mark')}
        <ChevronDownIcon />
      </MenuButton>
      <MenuButton
        label={t('More')}
        className="button action-more"
        disabled={!phone && !single && !enabled}
        items={() => [
          ...phoneOnlyItems(),
          { label: t('Reply All'), disabled: !single, onSelect: commands.replyAll },
          { label: t('Forward'), disabled: !single, onSelect: commands.forward },
          { label: inSpam ? t('Not Spam') : t('Spam'), disabled: !enabled, onSelect: commands.toggleSpam },
          { label: t('Mark as read'), disabled: !enabled, onSelect: commands.markRead },
          { label: t('Mark as unread'), disabled: !enabled, onSelect: commands.markUnread },
          { label: t('Flag'), disabled: !enabled, onSelect: commands.flag },
          { label: t('Unflag'), disabled: !enabled, onSelect: commands.unflag },
        ]}
      >
        <MoreIcon />
      </MenuButton>
      {snooze.dialog}
      <SelectionStatus folder={folder?.path ?? null} />
    </div>
  );
}
