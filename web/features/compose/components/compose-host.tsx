import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { OutboxEntry } from '../../../../shared/api/compose';
import { ApiError } from '../../../lib/api-client';
import { currentLocale, msg } from '../../../lib/i18n/i18n';
import { translateServerText } from '../../../lib/i18n/server-texts';
import { openCompose, useComposeIntent, type ComposeIntent } from '../../../lib/compose-intent';
import { browserOutbox } from '../../../lib/offline/browser-outbox';
import { offlineUserKey } from '../../../lib/offline/offline-db';
import { BrowserOutboxNotices } from './browser-outbox-notices';
import { OutboxLine } from './outbox-line';
import { useT } from '../i18n';
import { dismissOutboxEntry, getOutboxAttention, getOutboxEntry, undoSend } from '../api/compose-api';
import { newKey, type ComposeState } from '../stores/compose-state';

// The editor (tiptap) is the heaviest part of the app: it loads when compose first opens (SPEC §13).
const ComposeWindow = lazy(() => import('./compose-window'));

interface Pending {
  entry: OutboxEntry;
  state: ComposeState;
  intent: ComposeIntent;
}

const POLL_MS = 1000;
/** While the outbox waits to retry (minutes to hours), a slower look is enough. */
const RETRY_POLL_MS = 10_000;
const ATTENTION_KEY = ['compose', 'outbox-attention'] as const;

/**
 * Mounted once in the shell: shows the compose window while a request is
 * open (compose-intent), and, after "Send Email", the outbox's progress with
 * "Undo" until the message has gone; "Undo" or a failure reopens the window
 * as it was.
 */
export function ComposeHost({ ownAddress, csrfToken }: { ownAddress: string; csrfToken: string }) {
  const t = useT();
  const intent = useComposeIntent((s) => s.pending);
  const close = useComposeIntent((s) => s.close);
  const [restored, setRestored] = useState<{ state: ComposeState; error: string | null } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refreshAttention = useCallback(() => void queryClient.invalidateQueries({ queryKey: ATTENTION_KEY }), [queryClient]);

  // Signing out unmounts the shell: nothing of this message may reappear for the next user of the tab.
  useEffect(() => close, [close]);

  const closeWindow = () => {
    setRestored(null);
    close();
  };

  return (
    <>
      {intent && (
        <Suspense fallback={<section className="compose-window" role="dialog" aria-label={t('New Email')} aria-busy="true" />}>
          <ComposeWindow
            key={intent.id}
            intent={intent}
            restored={restored?.state ?? null}
            restoredError={restored?.error ?? null}
            ownAddress={ownAddress}
            csrfToken={csrfToken}
            onClose={closeWindow}
            onSent={(entry) => {
              closeWindow();
              setNotice(sentNotice(entry, t));
              refreshAttention();
            }}
            onQueued={(entry, state) => {
              setPending({ entry, state, intent });
              closeWindow();
            }}
            onOffline={async (request, state) => {
              const kept = await browserOutbox.add(offlineUserKey(ownAddress), request, state);
              if (kept) closeWindow();
              return kept;
            }}
          />
        </Suspense>
      )}
      {pending && (
        <OutboxProgress
          pending={pending}
          onDone={(message) => {
            setPending(null);
            if (message) setNotice(message);
            refreshAttention();
          }}
          onReopen={(error) => {
            setPending(null);
            refreshAttention();
            // A fresh key: the undone or failed entry is final.
            setRestored({ state: { ...pending.state, idempotencyKey: crypto.randomUUID() }, error });
            openCompose(pending.intent);
          }}
        />
      )}
      {notice && !pending && <Notice text={notice} onDismiss={() => setNotice(null)} />}
      <OutboxNotices shownElsewhere={pending?.entry.id ?? null} />
      <BrowserOutboxNotices
        user={offlineUserKey(ownAddress)}
        canReopen={intent === null}
        onServerOutboxChanged={refreshAttention}
        onReopen={(item) => {
          void browserOutbox.remove(item.key);
          // Our own record of the window (browserOutbox.add above); refused, so a fresh key.
          const state = item.draft as ComposeState;
          setRestored({ state: { ...state, idempotencyKey: newKey() }, error: item.error });
          openCompose({});
        }}
      />
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

/** Sent; or sent to some only, the refused recipients named in the outbox notice, which stays until dismissed. */
function sentNotice(entry: OutboxEntry, t: ReturnType<typeof useT>): string {
  return entry.error ? t('Message sent, but not to everyone: see the outbox notice.') : t('Message sent.');
}

const ATTENTION_LABELS: Partial<Record<OutboxEntry['status'], string>> = {
  sent: msg('Sent, but not to everyone'),
  retrying: msg('Waiting to retry'),
  failed: msg('Not sent'),
  uncertain: msg('May not have been sent'),
};

/**
 * The outbox notice: messages (and invitation mail) that wait to retry, failed
 * or may not have been sent, from any tab or an earlier visit, until the user
 * dismisses them. Asked again every half minute and when the tab comes back
 * into focus.
 */
function OutboxNotices({ shownElsewhere }: { shownElsewhere: string | null }) {
  const t = useT();
  const queryClient = useQueryClient();
  const attention = useQuery({ queryKey: ATTENTION_KEY, queryFn: getOutboxAttention, refetchInterval: 30_000 });
  const entries = (attention.data ?? []).filter((entry) => entry.id !== shownElsewhere);
  if (entries.length === 0) return null;
  const dismiss = async (id: string) => {
    await dismissOutboxEntry(id).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: ATTENTION_KEY });
  };
  return (
    <section className="outbox-notices" aria-label={t('Outbox')}>
      {entries.map((entry) => (
        <div key={entry.id} className="outbox-notice" role="status">
          <OutboxLine state={t(ATTENTION_LABELS[entry.status] ?? entry.status)} subject={entry.subject} reason={entry.error} />
          {entry.status !== 'retrying' && (
            <button type="button" className="toast-action" onClick={() => void dismiss(entry.id)}>
              {t('Dismiss')}
            </button>
          )}
        </div>
      ))}
    </section>
  );
}

/**
 * "Sending in 8 s… Undo", then polls the outbox until the message reaches a
 * final state (sent, failed, may not have been sent, undone); while it waits
 * to retry it says so, and polls more slowly.
 */
function OutboxProgress({ pending, onDone, onReopen }: { pending: Pending; onDone: (message: string) => void; onReopen: (error: string | null) => void }) {
  const t = useT();
  const dueAt = Date.parse(pending.entry.dueAt);
  const [queuedAt] = useState(() => Date.now());
  const [now, setNow] = useState(queuedAt);
  const [entry, setEntry] = useState(pending.entry);
  const [error, setError] = useState<string | null>(null);
  const retrying = entry.status === 'retrying';
  // "Send later" rather than the undo delay (at most 30 s).
  const scheduled = pending.entry.status === 'queued' && dueAt - queuedAt > 60_000;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  // Polling starts once the message falls due, or at once when it already waits to retry.
  const started = retrying || now >= dueAt;
  useEffect(() => {
    if (scheduled || !started) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next = POLL_MS;
      try {
        const current = await getOutboxEntry(pending.entry.id);
        if (cancelled) return;
        setEntry(current);
        if (current.status === 'sent') return onDone(sentNotice(current, t));
        if (current.status === 'cancelled') return onDone('');
        if (current.status === 'failed' || current.status === 'uncertain') {
          // The reopened window tells the user; the outbox notice need not repeat it.
          void dismissOutboxEntry(current.id).catch(() => undefined);
          return onReopen(current.error === null ? t('The message could not be sent.') : translateServerText(current.error));
        }
        if (current.status === 'retrying') next = RETRY_POLL_MS;
      } catch (failure) {
        if (cancelled) return;
        // Gone from the outbox (kept a week): nothing more will happen to it.
        if (failure instanceof ApiError && failure.status === 404) return onDone('');
        next = RETRY_POLL_MS;
      }
      if (!cancelled) timer = setTimeout(() => void poll(), next);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // Starts polling once; the poll itself follows the entry to its end.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [started]);

  const undo = async () => {
    try {
      await undoSend(pending.entry.id);
      onReopen(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : t('Too late to undo.'));
    }
  };

  const seconds = Math.max(0, Math.ceil((dueAt - now) / 1000));
  const text = retrying
    ? t('Waiting to retry: {{reason}}. Tern keeps trying and will tell you if it gives up.', { reason: entry.error === null ? t('the mail server did not take the message') : translateServerText(entry.error) })
    : scheduled
      ? t('Message scheduled for {{date}}.', { date: new Date(dueAt).toLocaleString(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }) })
      : seconds > 0
        ? t('Sending in {{seconds}} s…', { seconds })
        : t('Sending…');
  return (
    <div className="compose-notice" role="status">
      <span>{error ?? text}</span>
      {(scheduled || seconds > 0 || retrying) && !error && (
        <button type="button" className="toast-action" onClick={() => void undo()}>
          {retrying ? t('Cancel sending') : t('Undo')}
        </button>
      )}
      {(scheduled || retrying) && (
        <button type="button" className="toast-action" onClick={() => onDone('')}>
          {t('OK')}
        </button>
      )}
    </div>
  );
}
