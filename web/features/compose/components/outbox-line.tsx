import { translateServerText } from '../../../lib/i18n/server-texts';
import { useT } from '../i18n';

/** One message in an outbox notice: its state, its subject in quotes, and why, if there is a reason. */
export function OutboxLine({ state, subject, reason }: { state: string; subject: string; reason?: string | null }) {
  const t = useT();
  return (
    <span>
      <strong>{state}</strong>
      {t(': “{{subject}}”.', { subject: subject || t('(no subject)') })}
      {reason && ` ${translateServerText(reason)}`}
    </span>
  );
}
