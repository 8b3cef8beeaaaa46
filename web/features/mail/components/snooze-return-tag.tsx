import { formatSnoozeTime } from '../commands/snooze-times';
import { t } from '../i18n';
import './snooze.css';

/** "Returns 18:00", "Returns Mon 7 Dec, 08:00": the Snoozed folder's rows say when each comes back. */
export function returnsLabel(returnAt: string, now: Date): string {
  return t('Returns {{time}}', { time: formatSnoozeTime(new Date(returnAt), now) });
}

export function SnoozeReturnTag({ returnAt, now }: { returnAt: string; now: Date }) {
  return (
    <time className="returns-tag" dateTime={returnAt}>
      {returnsLabel(returnAt, now)}
    </time>
  );
}
