import { useEffect } from 'react';
import { InboxIcon } from './icons';
import { MessageView } from './message-view';
import { ThreadView } from './thread-view';
import { useT } from '../i18n';

interface ReadingPaneProps {
  folder: string;
  uid: number | null;
  /** Set when the message is shown full size in place of the list (list-only view). */
  onBack?: () => void;
  /** Conversations (issue 17): `uid` is a thread's newest message and the pane shows the whole thread. */
  conversation?: boolean;
}

export function ReadingPane({ folder, uid: openUid, onBack, conversation = false }: ReadingPaneProps) {
  const t = useT();
  useEffect(() => {
    if (!onBack) return;
    const back = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onBack();
    };
    window.addEventListener('keydown', back);
    return () => window.removeEventListener('keydown', back);
  }, [onBack]);
  return (
    <section className={onBack ? 'reading-pane is-full-size' : 'reading-pane'} aria-label={t('Reading pane')}>
      {onBack && (
        <div className="reading-back">
          <button type="button" className="button" onClick={onBack}>
            {t('← Back to list')}
          </button>
        </div>
      )}
      {openUid === null ? (
        <div className="reading-empty">
          <InboxIcon />
          <p>{t('Select a message to read it.')}</p>
        </div>
      ) : conversation ? (
        <ThreadView key={`${folder}\u0000${openUid}`} folder={folder} uid={openUid} />
      ) : (
        // A new view per message: its remote-content choice and frame start fresh.
        <MessageView key={`${folder}\u0000${openUid}`} folder={folder} uid={openUid} />
      )}
    </section>
  );
}
