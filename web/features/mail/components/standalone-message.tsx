import { useEffect } from 'react';
import { useSearch } from 'wouter';
import { useMessage } from '../api/get-message';
import { MessageView } from './message-view';
import './mail.css';
import './message-tools.css';

function TitledMessage({ folder, uid }: { folder: string; uid: number }) {
  const subject = useMessage(folder, uid).data?.subject;
  useEffect(() => {
    document.title = `${subject || '(no subject)'} – Tern`;
  }, [subject]);
  return <MessageView folder={folder} uid={uid} />;
}

/** "Open in new window": one message and nothing else of the app, at /message/<uid>?folder=<folder>. */
export default function StandaloneMessage({ uidParam }: { uidParam: string }) {
  const uid = Number(uidParam);
  const folder = new URLSearchParams(useSearch()).get('folder') ?? '';
  return (
    <main className="standalone-message">
      <section className="reading-pane" aria-label="Reading pane">
        {folder && Number.isSafeInteger(uid) && uid > 0 ? (
          <TitledMessage folder={folder} uid={uid} />
        ) : (
          <p className="pane-status" role="alert">
            This address does not name a message.
          </p>
        )}
      </section>
    </main>
  );
}
