import type { ReactNode } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import { msg } from '../../../lib/i18n/i18n';
import { t, useT } from '../i18n';
import { FlagIcon, ForwardIcon, PaperclipIcon, ReplyIcon, SpamIcon } from './icons';

interface FlagDef {
  label: string;
  isSet: (message: MessageSummary) => boolean;
  icon: () => ReactNode;
  className?: string;
}

// Unread is shown apart, as the dot before the sender.
const FLAGS: FlagDef[] = [
  { label: msg('Spam'), isSet: (m) => m.flags.junk, icon: SpamIcon, className: 'flag-spam' },
  { label: msg('Answered'), isSet: (m) => m.flags.answered, icon: ReplyIcon },
  { label: msg('Forwarded'), isSet: (m) => m.flags.forwarded, icon: ForwardIcon },
  { label: msg('Has attachment'), isSet: (m) => m.hasAttachments, icon: PaperclipIcon },
  { label: msg('Flagged'), isSet: (m) => m.flags.flagged, icon: FlagIcon, className: 'flag-flagged' },
];

/** The words for a row's flags, for its accessible name. */
export function flagLabels(message: MessageSummary): string[] {
  return [...(message.flags.seen ? [] : [t('Unread')]), ...FLAGS.filter((f) => f.isSet(message)).map((f) => t(f.label))];
}

/** The flag column: one labelled icon per flag that is set. */
export function MessageFlags({ message }: { message: MessageSummary }) {
  const t = useT();
  return (
    <span className="message-flags">
      {FLAGS.filter((f) => f.isSet(message)).map(({ label, icon: Icon, className }) => (
        <span key={label} role="img" aria-label={t(label)} title={t(label)} className={className ? `flag ${className}` : 'flag'}>
          <Icon />
        </span>
      ))}
    </span>
  );
}

export function UnreadDot({ unread }: { unread: boolean }) {
  const t = useT();
  return unread ? <span role="img" aria-label={t('Unread')} title={t('Unread')} className="unread-dot" /> : <span className="unread-dot is-read" />;
}
