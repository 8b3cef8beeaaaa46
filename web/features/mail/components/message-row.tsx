import type { CSSProperties, DragEvent, MouseEvent, PointerEvent } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import { formatBytes, formatListDate } from '../../../lib/format';
import { useTouchLayout } from '../../../lib/layout';
import { flagLabels, MessageFlags, UnreadDot } from './message-flags';
import { returnsLabel, SnoozeReturnTag } from './snooze-return-tag';
import { t, useT } from '../i18n';
import { formatList } from '../../../lib/i18n/lists';

/** One rem in px: the text size the user chose (browser or system setting), which mail.css follows. */
function remInPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * One line of columns on a desktop; on phones and tablets two lines (sender
 * and date over subject, mail.css), tall enough to tap. In rem like the text
 * in them (38 and 64 px at the usual 16 px), so larger text never overflows.
 */
export function useRowHeight(): number {
  return Math.round((useTouchLayout() ? 4 : 2.375) * remInPx());
}

export interface RowPosition {
  id: string;
  index: number;
  total: number;
  start: number;
  height: number;
}

export function positionProps({ id, index, total, start, height }: RowPosition) {
  return {
    id,
    role: 'option' as const,
    'aria-posinset': index + 1,
    'aria-setsize': total,
    style: { height, transform: `translateY(${start}px)` } satisfies CSSProperties,
  };
}

function senderOf(message: MessageSummary, showRecipients: boolean): string {
  if (showRecipients) {
    const names = message.to.map((a) => a.name || a.address);
    return names.length > 0 ? t('To: {{names}}', { names: formatList(names) }) : t('(no recipients)');
  }
  return message.from ? message.from.name || message.from.address : t('(unknown sender)');
}

interface MessageRowProps extends RowPosition {
  message: MessageSummary;
  selected: boolean;
  now: Date;
  /** In Sent and Drafts the interesting name is the recipient's. */
  showRecipients: boolean;
  /** In results from several folders: the folder the message is in. */
  folderLabel?: string;
  /** In the Snoozed folder: when the message comes back (ISO). */
  returnAt?: string;
  onClick: (index: number, message: MessageSummary, event: MouseEvent) => void;
  onPointerDown?: (message: MessageSummary, event: PointerEvent) => void;
  onDoubleClick?: (index: number, message: MessageSummary) => void;
  /** Rows without it cannot be dragged. */
  onDragStart?: (index: number, message: MessageSummary, event: DragEvent) => void;
}

export function MessageRow({ message, selected, now, showRecipients, folderLabel, returnAt, onClick, onPointerDown, onDoubleClick, onDragStart, ...position }: MessageRowProps) {
  const t = useT();
  const unread = !message.flags.seen;
  const sender = senderOf(message, showRecipients);
  const subject = message.subject || t('(no subject)');
  const date = formatListDate(message.date, now);
  const size = formatBytes(message.size);
  // Options present their children as plain text, so the row says it all, with pauses.
  const label = [sender, ...(folderLabel ? [folderLabel] : []), subject, ...(returnAt ? [returnsLabel(returnAt, now)] : []), date, size, ...flagLabels(message)].join(', ');
  const classes = ['message-row', unread && 'is-unread', selected && 'is-selected', message.flags.junk && 'is-spam']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      {...positionProps(position)}
      aria-selected={selected}
      aria-label={label}
      className={classes}
      draggable={onDragStart !== undefined}
      onClick={(event) => onClick(position.index, message, event)}
      onPointerDown={onPointerDown && ((event) => onPointerDown(message, event))}
      onDoubleClick={onDoubleClick && (() => onDoubleClick(position.index, message))}
      onDragStart={onDragStart && ((event) => onDragStart(position.index, message, event))}
    >
      {/* The spaces keep the cells' words apart for whatever reads the row's text. */}
      <UnreadDot unread={unread} />{' '}
      <span className="col-sender" title={message.from?.address}>
        {sender}
      </span>{' '}
      <span className="col-subject">
        {folderLabel && <span className="folder-tag">{folderLabel}</span>}{folderLabel && ' '}
        {returnAt && <SnoozeReturnTag returnAt={returnAt} now={now} />}{returnAt && ' '}
        {subject}
      </span>{' '}
      <MessageFlags message={message} />{' '}
      <time className="col-date" dateTime={message.date}>
        {date}
      </time>{' '}
      <span className="col-size">{size}</span>
    </div>
  );
}

interface PlaceholderRowProps extends RowPosition {
  selected: boolean;
  onClick: (index: number, event: MouseEvent) => void;
}

/** A row whose window has not arrived yet. */
export function PlaceholderRow({ selected, onClick, ...position }: PlaceholderRowProps) {
  const t = useT();
  return (
    <div
      {...positionProps(position)}
      onClick={(event) => onClick(position.index, event)}
      aria-selected={selected}
      aria-busy="true"
      aria-label={t('Loading message')}
      className={selected ? 'message-row is-placeholder is-selected' : 'message-row is-placeholder'}
    >
      <span className="unread-dot is-read" />
      <span className="skeleton" style={{ width: `${50 + ((position.index * 37) % 40)}%` }} />
      <span className="skeleton" style={{ width: `${40 + ((position.index * 53) % 50)}%` }} />
      <span />
      <span className="skeleton" />
      <span className="skeleton" />
    </div>
  );
}
