import type { ReactNode } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import { FlagIcon, ForwardIcon, PaperclipIcon, ReplyIcon, SpamIcon } from './icons';

interface FlagDef {
  label: string;
  isSet: (message: MessageSummary) => boolean;
  icon: () => ReactNode;
  className?: string;
}

// Unread is shown apart, as the dot before the sender.
const FLAGS: FlagDef[] = [
  { label: 'Spam', isSet: (m) => m.flags.junk, icon: SpamIcon, className: 'flag-spam' },
  { label: 'Answered', isSet: (m) => m.flags.answered, icon: ReplyIcon },
  { label: 'Forwarded', isSet: (m) => m.flags.forwarded, icon: ForwardIcon },
  { label: 'Has attachment', isSet: (m) => m.hasAttachments, icon: PaperclipIcon },
  { label: 'Flagged', isSet: (m) => m.flags.flagged, icon: FlagIcon, className: 'flag-flagged' },
];

/** The words for a row's flags, for its accessible name. */
export function flagLabels(message: MessageSummary): string[] {
  return [...(message.flags.seen ? [] : ['Unread']), ...FLAGS.filter((f) => f.isSet(message)).map((f) => f.label)];
}

/** The flag column: one labelled icon per flag that is set. */
export function MessageFlags({ message }: { message: MessageSummary }) {
  return (
    <span className="message-flags">
      {FLAGS.filter((f) => f.isSet(message)).map(({ label, icon: Icon, className }) => (
        <span key={label} role="img" aria-label={label} title={label} className={className ? `flag ${className}` : 'flag'}>
          <Icon />
        </span>
      ))}
    </span>
  );
}

export function UnreadDot({ unread }: { unread: boolean }) {
  return unread ? <span role="img" aria-label="Unread" title="Unread" className="unread-dot" /> : <span className="unread-dot is-read" />;
}
