import { useQuery } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import type { Folder } from '../../../../shared/api/folders';
import { MenuButton } from '../../../components/menu-button';
import { messageWindowQueryOptions } from '../api/get-message-window';
import { useGetMail } from '../commands/get-mail';
import { useMailCommands } from '../commands/mail-commands';
import { countMessages } from '../commands/message-commands';
import { hasSelection, useMailUiStore } from '../stores/mail-ui-store';
import { usePhoneLayout } from '../../../lib/layout';
import type { MenuItem } from '../../../components/menu';
import { SnoozeControl, useSnoozeMenu } from './snooze-control';
import { ChevronDownIcon, ForwardIcon, MailOpenIcon, MenuIcon, MoreIcon, MoveIcon, RefreshIcon, ReplyIcon, SpamIcon, TrashIcon } from './icons';

/** "All 5,000 selected", "3 selected"; nothing for one message (the highlighted row says it). */
function SelectionStatus({ folder }: { folder: string | null }) {
  const { selection, view, clear } = useMailUiStore(useShallow((s) => ({ selection: s.selection, view: s.view, clear: s.clearSelection })));
  // Reads the list's first window from the cache; the list is the one that fetches it.
  const head = useQuery({ ...messageWindowQueryOptions({ folder: folder ?? '', page: 0, view }), enabled: false });
  const total = head.data?.total ?? 0;
  let text = '';
  if (selection.all) text = `All ${total.toLocaleString('en-US')} selected`;
  else if (selection.pending && selection.pending.to > selection.pending.from) {
    text = `Selecting ${countMessages(selection.pending.to - selection.pending.from + 1)}…`;
  } else if (selection.uids.size > 1) text = `${selection.uids.size.toLocaleString('en-US')} selected`;
  return (
    <div className="selection-status">
      <span role="status">{text}</span>
      {text && (selection.all || selection.uids.size > 1) && (
        <button type="button" className="button button-quiet button-small" onClick={clear}>
          Clear selection
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
      ? [{ label: 'Unsnooze', disabled: !snooze.enabled, onSelect: snooze.unsnooze }]
      : snooze.items(true);
    return [{ label: 'Get Mail', onSelect: () => void getMail() }, ...snoozeItems];
  };

  return (
    <div className="action-bar">
      <button type="button" className="button folders-toggle" aria-expanded={folderDrawer.open} aria-controls={folderDrawer.id} onClick={folderDrawer.toggle}>
        <MenuIcon />
        <span className="action-label">Folders</span>
      </button>
      <MenuButton label="New" className="button button-primary" items={() => [{ label: 'New Email', onSelect: commands.newEmail }]}>
        New
        <ChevronDownIcon />
      </MenuButton>
      <button type="button" className="button is-phone-secondary" onClick={() => void getMail()} aria-busy={isFetching}>
        <span className={isFetching ? 'spin' : undefined}>
          <RefreshIcon />
        </span>
        <span className="action-label">Get Mail</span>
      </button>
      <span className="action-divider" aria-hidden="true" />
      <button type="button" className="button" disabled={!single} onClick={commands.reply}>
        <ReplyIcon />
        <span className="action-label">Reply</span>
      </button>
      <button type="button" className="button is-secondary" disabled={!single} onClick={commands.replyAll}>
        <ReplyIcon />
        Reply All
      </button>
      <button type="button" className="button is-secondary" disabled={!single} onClick={commands.forward}>
        <ForwardIcon />
        Forward
      </button>
      <span className="action-divider" aria-hidden="true" />
      <button type="button" className="button is-secondary" disabled={!enabled} onClick={commands.toggleSpam}>
        <SpamIcon />
        {inSpam ? 'Not Spam' : 'Spam'}
      </button>
      <button type="button" className="button" disabled={!enabled} onClick={commands.delete}>
        <TrashIcon />
        <span className="action-label">Delete</span>
      </button>
      <SnoozeControl folder={folder} className="button is-phone-secondary" />
      <MenuButton
        label="Move to…"
        disabled={!enabled}
        open={moveMenuOpen}
        onOpenChange={setMoveMenuOpen}
        items={() =>
          folders
            .filter((f) => f.path !== folder?.path)
            .map((f) => ({ label: f.name, depth: f.depth, onSelect: () => commands.fileInto(f) }))
        }
      >
        <MoveIcon />
        <span className="action-label">Move to…</span>
      </MenuButton>
      <MenuButton
        label="Mark"
        className="button is-secondary"
        disabled={!enabled}
        items={() => [
          { label: 'Mark as read', onSelect: commands.markRead },
          { label: 'Mark as unread', onSelect: commands.markUnread },
          { label: 'Flag', onSelect: commands.flag },
          { label: 'Unflag', onSelect: commands.unflag },
        ]}
      >
        <MailOpenIcon />
        Mark
        <ChevronDownIcon />
      </MenuButton>
      <MenuButton
        label="More"
        className="button action-more"
        disabled={!phone && !single && !enabled}
        items={() => [
          ...phoneOnlyItems(),
          { label: 'Reply All', disabled: !single, onSelect: commands.replyAll },
          { label: 'Forward', disabled: !single, onSelect: commands.forward },
          { label: inSpam ? 'Not Spam' : 'Spam', disabled: !enabled, onSelect: commands.toggleSpam },
          { label: 'Mark as read', disabled: !enabled, onSelect: commands.markRead },
          { label: 'Mark as unread', disabled: !enabled, onSelect: commands.markUnread },
          { label: 'Flag', disabled: !enabled, onSelect: commands.flag },
          { label: 'Unflag', disabled: !enabled, onSelect: commands.unflag },
        ]}
      >
        <MoreIcon />
      </MenuButton>
      {snooze.dialog}
      <SelectionStatus folder={folder?.path ?? null} />
    </div>
  );
}
