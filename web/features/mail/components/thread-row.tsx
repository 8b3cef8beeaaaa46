import type { DragEvent, MouseEvent } from 'react';
import type { ThreadSummary } from '../../../../shared/api/threads';
import { formatListDate } from '../../../lib/format';
import { FlagIcon } from './icons';
import { UnreadDot } from './message-flags';
import { positionProps, type RowPosition } from './message-row';
import { t, useT } from '../i18n';
import { formatList } from '../../../lib/i18n/lists';

interface ThreadRowProps extends RowPosition {
  thread: ThreadSummary;
  selected: boolean;
  now: Date;
  onClick: (index: number, thread: ThreadSummary, event: MouseEvent) => void;
  onDoubleClick?: (index: number, thread: ThreadSummary) => void;
  onDragStart: (index: number, thread: ThreadSummary, event: DragEvent) => void;
}

/** "Ada, Bob, Cy +2": the first few names, and how many more. */
function participantsText(names: string[]): string {
  if (names.length === 0) return t('(unknown sender)');
  const shown = formatList(names.slice(0, 3));
  return names.length > 3 ? `${shown} +${names.length - 3}` : shown;
}

/** A conversation's line in the list: who, how many (and how many unread), the newest subject and date. */
export function ThreadRow({ thread, selected, now, onClick, onDoubleClick, onDragStart, ...position }: ThreadRowProps) {
  const t = useT();
  const unread = thread.unread > 0;
  const who = participantsText(thread.participants);
  const subject = thread.subject || t('(no subject)');
  const date = formatListDate(thread.date, now);
  const unreadCount = t('{{count}} unread', { count: thread.unread });
  const counts = [t('{{count}} messages', { count: thread.count }), ...(unread ? [unreadCount] : [])];
  const label = [who, subject, date, ...counts, ...(thread.flagged ? [t('Flagged')] : [])].join(', ');
  const classes = ['message-row', 'thread-row', unread && 'is-unread', selected && 'is-selected'].filter(Boolean).join(' ');
  return (
    <div
      {...positionProps(position)}
      aria-selected={selected}
      aria-label={label}
      className={classes}
      draggable
      onClick={(event) => onClick(position.index, thread, event)}
      onDoubleClick={onDoubleClick && (() => onDoubleClick(position.index, thread))}
      onDragStart={(event) => onDragStart(position.index, thread, event)}
    >
      <UnreadDot unread={unread} />{' '}
      <span className="col-sender" title={formatList(thread.participants)}>
        {who}
        {thread.count > 1 && <span className="thread-count"> {thread.count}</span>}
      </span>{' '}
      <span className="col-subject">{subject}</span>{' '}
      <span className="message-flags">
        {thread.flagged && (
          <span role="img" aria-label={t('Flagged')} title={t('Flagged')} className="flag flag-flagged">
            <FlagIcon />
          </span>
        )}
      </span>{' '}
      <time className="col-date" dateTime={thread.date}>
        {date}
      </time>{' '}
      <span className="col-size thread-unread">{unread ? unreadCount : ''}</span>
    </div>
  );
}
