import { useEffect } from 'react';
import { useFolders } from '../api/get-folders';
import { useMailUiStore } from '../stores/mail-ui-store';
import { ActionBar } from './action-bar';
import { FolderTree } from './folder-tree';
import { MessageList } from './message-list';
import { QuotaMeter } from './quota-meter';
import { ReadingPane } from './reading-pane';
import './mail.css';
import { LoadError } from '../../../components/load-error';

/** Three panes: folders, the current folder's messages, the open message. */
export function MailPage() {
  const folders = useFolders();
  const chosen = useMailUiStore((s) => s.folder);
  const selectFolder = useMailUiStore((s) => s.selectFolder);

  const list = folders.data?.folders ?? [];
  const current = list.find((f) => f.path === chosen) ?? list.find((f) => f.specialUse === 'inbox') ?? list[0] ?? null;

  const title = current ? `${current.name}${current.unread > 0 ? ` (${current.unread})` : ''} – Tern` : 'Tern';
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <div className="mail">
      <nav className="folder-pane" aria-label="Mail folders">
        {folders.isPending && (
          <p className="pane-status" role="status">
            Loading folders…
          </p>
        )}
        {folders.isError && <LoadError message={folders.error.message} onRetry={() => void folders.refetch()} />}
        <FolderTree
          folders={list}
          currentPath={current?.path ?? null}
          onSelect={(path) => {
            if (path !== current?.path) selectFolder(path);
          }}
        />
        {folders.data?.quota && <QuotaMeter quota={folders.data.quota} />}
      </nav>
      <ActionBar folder={current?.path ?? null} />
      {current ? (
        <>
          <MessageList key={current.path} folder={current} />
          <ReadingPane folder={current.path} />
        </>
      ) : (
        <div className="mail-placeholder" />
      )}
    </div>
  );
}
