import { useEffect } from 'react';
import { useSearch } from 'wouter';
import { useMessage } from '../api/get-message';
import { MessageView } from './message-view';
import { useT } from '../i18n';
import './mail.css';
import './message-tools.css';

function TitledMessage({ folder, uid }: { folder: string; uid: number }) {
  const t = useT();
  const subject = useMessage(folder, uid).data?.subject || t('(no subject)');
  useEffect(() => {
    document.title = `${subject} – Tern`;
  }, [subject]);
  return <MessageView folder={folder} uid={uid} />;
}

/** "Open in new window": one message and nothing else of the app, at /message/<uid>?folder=<folder>. */
export default function StandaloneMessage({ uidParam }: { uidParam: string }) {
  const t = useT();
  const uid = Number(uidParam);
  const folder = new URLSearchParams(useSearch()).get('folder') ?? '';
  return (
    <main className="standalone-message">
      <section className="reading-pane" aria-label={t('Reading pane')}>
        {folder && Number.isSafeInteger(uid) && uid > 0 ? (
          <TitledMessage folder={folder} uid={uid} />
        ) : (
          <p className="pane-status" role="alert">
            {t('This address does not name a message.')}
          </p>
        )}
      </section>
    </main>
  );
}
