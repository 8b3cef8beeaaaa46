import { lazy, Suspense, useEffect, useState } from 'react';
import type { OutboxEntry } from '../../../shared/api/compose';
import { openCompose, useComposeIntent, type ComposeIntent } from '../../lib/compose-intent';
import { getOutboxEntry, undoSend } from './compose-api';
import type { ComposeState } from './compose-state';

// The editor (tiptap) is the heaviest part of the app: it loads when compose first opens (SPEC §13).
const ComposeWindow = lazy(() => import('./compose-window'));

interface Pending {
  entry: OutboxEntry;
  state: ComposeState;
  intent: ComposeIntent;
}

const POLL_MS = 1000;

/**
 * Mounted once in the shell: shows the compose window while a request is
 * open (compose-intent), and, after "Send Email", the outbox's progress with
 * "Undo" until the message has gone; "Undo" or a failure reopens the window
 * as it was.
 */
export function ComposeHost({ ownAddress, csrfToken }: { ownAddress: string; csrfToken: string }) {
  const intent = useComposeIntent((s) => s.pending);
  const close = useComposeIntent((s) => s.close);
  const [restored, setRestored] = useState<{ state: ComposeState; error: string | null } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Signing out unmounts the shell: nothing of this message may reappear for the next user of the tab.
  useEffect(() => close, [close]);

  const closeWindow = () => {
    setRestored(null);
    close();
  };

  return (
    <>
      {intent && (
        <Suspense fallback={<section className="compose-window" role="dialog" aria-label="New Email" aria-busy="true" />}>
          <ComposeWindow
            key={intent.id}
            intent={intent}
            restored={restored?.state ?? null}
            restoredError={restored?.error ?? null}
            ownAddress={ownAddress}
            csrfToken={csrfToken}
            onClose={closeWindow}
            onSent={() => {
              closeWindow();
              setNotice('Message sent.');
            }}
            onQueued={(entry, state) => {
              setPending({ entry, state, intent });
              closeWindow();
            }}
          />
        </Suspense>
      )}
      {pending && (
        <OutboxProgress
          pending={pending}
          onDone={(message) => {
            setPending(null);
            setNotice(message);
          }}
          onReopen={(error) => {
            setPending(null);
            // A fresh key: the undone or failed entry is final.
            setRestored({ state: { ...pending.state, idempotencyKey: crypto.randomUUID() }, error });
            openCompose(pending.intent);
          }}
        />
      )}
      {notice && !pending && <Notice text={notice} onDismiss={() => setNotice(null)} />}
    </>
  );
}

function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, 5000);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="compose-notice" role="status">
      {text}
    </div>
  );
}

/** "Sending in 8 s… Undo", then polls the outbox until the message has gone or failed. */
function OutboxProgress({ pending, onDone, onReopen }: { pending: Pending; onDone: (message: string) => void; onReopen: (error: string | null) => void }) {
  const dueAt = Date.parse(pending.entry.dueAt);
  const [queuedAt] = useState(() => Date.now());
  const [now, setNow] = useState(queuedAt);
  const [error, setError] = useState<string | null>(null);
  // "Send later" rather than the undo delay (at most 30 s).
  const scheduled = dueAt - queuedAt > 60_000;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (scheduled || now < dueAt) return;
    let cancelled = false;
    const poll = async () => {
      try {
        const entry = await getOutboxEntry(pending.entry.id);
        if (cancelled) return;
        if (entry.status === 'sent') onDone('Message sent.');
        else if (entry.status === 'failed') onReopen(entry.error ?? 'The message could not be sent.');
        else setTimeout(() => void poll(), POLL_MS);
      } catch {
        if (!cancelled) setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      cancelled = true;
    };
    // Starts polling once, when the message falls due.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [now >= dueAt]);

  const undo = async () => {
    try {
      await undoSend(pending.entry.id);
      onReopen(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Too late to undo.');
    }
  };

  const seconds = Math.max(0, Math.ceil((dueAt - now) / 1000));
  const text = scheduled
    ? `Message scheduled for ${new Date(dueAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}.`
    : seconds > 0
      ? `Sending in ${seconds} s…`
      : 'Sending…';
  return (
    <div className="compose-notice" role="status">
      <span>{error ?? text}</span>
      {(scheduled || seconds > 0) && !error && (
        <button type="button" className="toast-action" onClick={() => void undo()}>
          Undo
        </button>
      )}
      {scheduled && (
        <button type="button" className="toast-action" onClick={() => onDone('')}>
          OK
        </button>
      )}
    </div>
  );
}
