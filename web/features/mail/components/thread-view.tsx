import { useInfiniteQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { StackedMessage } from '../../../../shared/api/threads';
import { LoadError } from '../../../components/load-error';
import { formatFullDate } from '../../../lib/format';
import { threadStackQueryOptions } from '../api/get-threads';
import { MessageView, Subject } from './message-view';
import { useT } from '../i18n';
import './threads.css';

// Not needed to read a conversation: its code arrives when first chosen.
const ThreadPrintView = lazy(() => import('./print-view').then((module) => ({ default: module.ThreadPrintView })));

const keyOf = (message: StackedMessage) => `${message.folder}\u0000${message.uid}`;

/**
 * An open conversation (issue 17): its messages stacked oldest to newest, the
 * newest expanded and the others collapsed to a line (a click expands one).
 * An expanded message is the reading pane's own MessageView: the same
 * sanitiser, frame and actions as a message opened alone. The user's replies
 * from Sent are in the stack, marked so. A long thread comes a window at a
 * time, newest first: "Show older messages" fetches the next. "Print
 * conversation" prints every message of it, older windows included.
 */
export function ThreadView({ folder, uid }: { folder: string; uid: number }) {
  const t = useT();
  const stack = useInfiniteQuery(threadStackQueryOptions(folder, uid));
  // Keys whose state the user flipped from the default (only the newest open).
  const [flipped, setFlipped] = useState<ReadonlySet<string>>(new Set());
  const [printing, setPrinting] = useState(false);
  if (stack.isPending) {
    return (
      <p className="pane-status" role="status">
        {t('Loading conversation…')}
      </p>
    );
  }
  if (stack.isError) return <LoadError message={stack.error.message} onRetry={() => void stack.refetch()} />;

  const newestFirst = stack.data.pages.flatMap((page) => page.items);
  const total = stack.data.pages[0]?.total ?? 0;
  const newest = newestFirst[0];
  if (!newest) return <p className="pane-status">{t('This conversation is no longer in the folder.')}</p>;
  const older = total - newestFirst.length;
  const subject = newest.subject || t('(no subject)');
  const isExpanded = (message: StackedMessage) => (message === newest) !== flipped.has(keyOf(message));
  const flip = (message: StackedMessage) =>
    setFlipped((current) => {
      const next = new Set(current);
      if (!next.delete(keyOf(message))) next.add(keyOf(message));
      return next;
    });

  return (
    <section className="thread-view" aria-label={t('Conversation: {{subject}}', { subject })}>
      <header className="thread-header">
        <Subject text={subject} className="thread-subject" />
        <p className="thread-size">{t('{{count}} messages', { count: total })}</p>
        <button type="button" className="button button-small thread-print" onClick={() => setPrinting(true)}>
          {t('Print conversation')}
        </button>
      </header>
      {printing && (
        <Suspense fallback={null}>
          <ThreadPrintView folder={folder} uid={uid} onClose={() => setPrinting(false)} />
        </Suspense>
      )}
      {stack.hasNextPage && (
        <button type="button" className="button button-small thread-older" disabled={stack.isFetchingNextPage} onClick={() => void stack.fetchNextPage()}>
          {t('Show {{count}} older messages', { count: older })}
        </button>
      )}
      <ol className="thread-stack">
        {[...newestFirst].reverse().map((message) => {
          const expanded = isExpanded(message);
          const sender = message.from ? message.from.name || message.from.address : t('(unknown sender)');
          const inSent = message.folder !== folder;
          return (
            <li key={keyOf(message)} className={expanded ? 'thread-message is-expanded' : 'thread-message'}>
              <button type="button" className="thread-message-line" aria-expanded={expanded} onClick={() => flip(message)}>
                {!message.flags.seen && <span className="unread-dot" role="img" aria-label={t('Unread')} />}
                <span className="thread-message-sender">{sender}</span>
                {inSent && <span className="folder-tag">{t('In Sent')}</span>}
                <time dateTime={message.date}>{formatFullDate(message.date)}</time>
              </button>
              {expanded && <MessageView folder={message.folder} uid={message.uid} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
