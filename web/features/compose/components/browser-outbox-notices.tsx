import { useCallback, useEffect, useState } from 'react';
import { FINAL_OUTBOX_STATUSES, type OutboxEntry } from '../../../../shared/api/compose';
import { msg } from '../../../lib/i18n/i18n';
import { browserOutbox } from '../../../lib/offline/browser-outbox';
import type { OutboxItem } from '../../../lib/offline/offline-db';
import { getOutboxEntry, sendMessage } from '../api/compose-api';
import { useT } from '../i18n';
import { OutboxLine } from './outbox-line';
import './browser-outbox.css';

/** While messages wait, the BFF is asked again this often (the browser's "online" may come late, or never, behind a dead Wi-Fi). */
const RETRY_MS = 10_000;
const POLL_MS = 1000;
const SENT_SHOWN_MS = 5000;

const ITEM_LABELS: Record<OutboxItem['state'], string> = {
  waiting: msg('Waiting for network'),
  sending: msg('Sending…'),
  failed: msg('Not sent'),
};

interface HandedOver {
  key: string;
  entry: OutboxEntry;
}

/** Sends what waits; the messages the BFF took. */
async function handOver(user: string): Promise<HandedOver[]> {
  // The browser knows it has no network: asking would only fail ("online" brings the next try).
  if (!navigator.onLine) return [];
  const outcomes = await browserOutbox.flush(user, sendMessage);
  return outcomes.flatMap((outcome) => (outcome.result === 'handed-over' ? [{ key: outcome.key, entry: outcome.entry }] : []));
}

/**
 * The browser outbox's messages and their state: "Waiting for network",
 * "Sending…" while the BFF takes it and sends it, then "Sent" (a failure
 * there is the BFF outbox's, shown by its notice), or "Not sent" with the
 * reason when the BFF refused it, to open again or discard. Sends what waits
 * when mounted (a reload, a sign-in), when the browser is back online, and
 * every few seconds while something waits.
 */
export function BrowserOutboxNotices({
  user,
  canReopen,
  onReopen,
  onServerOutboxChanged,
}: {
  user: string;
  canReopen: boolean;
  onReopen: (item: OutboxItem) => void;
  onServerOutboxChanged: () => void;
}) {
  const t = useT();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [handedOver, setHandedOver] = useState<HandedOver[]>([]);

  useEffect(() => {
    let current = true;
    const load = () => void browserOutbox.list(user).then((list) => current && setItems(list));
    load();
    browserOutbox.addEventListener('change', load);
    return () => {
      current = false;
      browserOutbox.removeEventListener('change', load);
    };
  }, [user]);

  const flush = useCallback(() => {
    void handOver(user).then((taken) => {
      if (taken.length > 0) setHandedOver((shown) => [...shown, ...taken]);
    });
  }, [user]);

  useEffect(() => {
    flush();
    window.addEventListener('online', flush);
    return () => window.removeEventListener('online', flush);
  }, [flush]);

  // 'sending' too: one left so by a tab that closed mid-send goes again (with its key).
  const unsent = items.some((item) => item.state !== 'failed');
  useEffect(() => {
    if (!unsent) return;
    const timer = window.setInterval(flush, RETRY_MS);
    return () => window.clearInterval(timer);
  }, [flush, unsent]);

  const settle = useCallback(
    (key: string) => {
      setHandedOver((shown) => shown.filter((other) => other.key !== key));
      onServerOutboxChanged();
    },
    [onServerOutboxChanged],
  );

  if (items.length === 0 && handedOver.length === 0) return null;
  return (
    <section className="browser-outbox" aria-label={t('Messages waiting to be sent')}>
      {items.map((item) => (
        <div key={item.key} className={`browser-outbox-item is-${item.state}`} role="status">
          <OutboxLine state={t(ITEM_LABELS[item.state])} subject={item.subject} reason={item.error} />
          {item.state === 'failed' && (
            <span className="browser-outbox-actions">
              <button type="button" className="toast-action" disabled={!canReopen} onClick={() => onReopen(item)}>
                {t('Open')}
              </button>
              <button type="button" className="toast-action" onClick={() => void browserOutbox.remove(item.key)}>
                {t('Discard')}
              </button>
            </span>
          )}
        </div>
      ))}
      {handedOver.map((handed) => (
        <HandedOverItem key={handed.key} handed={handed} onSettled={settle} />
      ))}
    </section>
  );
}

/**
 * A message the BFF took: followed in its outbox until it went. Waiting to
 * retry there, failed or uncertain, it is the BFF outbox's notice that shows it.
 */
function HandedOverItem({ handed, onSettled }: { handed: HandedOver; onSettled: (key: string) => void }) {
  const t = useT();
  const [entry, setEntry] = useState(handed.entry);
  const done = FINAL_OUTBOX_STATUSES.includes(entry.status) || entry.status === 'retrying';

  useEffect(() => {
    if (done) {
      const timer = window.setTimeout(() => onSettled(handed.key), entry.status === 'sent' ? SENT_SHOWN_MS : 0);
      return () => window.clearTimeout(timer);
    }
    const timer = window.setTimeout(() => {
      getOutboxEntry(entry.id).then(setEntry, () => setEntry({ ...entry }));
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [entry, done, handed.key, onSettled]);

  return (
    <div className="browser-outbox-item" role="status">
      <OutboxLine state={entry.status === 'sent' ? t('Sent') : t('Sending…')} subject={entry.subject} />
    </div>
  );
}
