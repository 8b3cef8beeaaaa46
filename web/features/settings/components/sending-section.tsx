import { useId } from 'react';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';
import { useT } from '../i18n';

const UNDO_CHOICES = [0, 5, 10, 20, 30];

/** How long "Undo" stays offered after "Send Email" (the message waits that long before it goes). */
export function SendingSection() {
  const t = useT();
  const sending = usePreferenceSection('sending', t('Sending settings saved.'));
  const id = useId();
  if (sending.query.isPending || sending.query.isError) return <SectionLoading title={t('Sending')} query={sending.query} />;
  return (
    <SectionForm title={t('Sending')} onSubmit={sending.save} {...sending.form}>
      <div className="settings-field">
        <label htmlFor={id}>{t('Undo send')}</label>
        <select id={id} value={sending.draft.undoSendSeconds} onChange={(event) => sending.update({ undoSendSeconds: Number(event.target.value) })}>
          {UNDO_CHOICES.map((seconds) => (
            <option key={seconds} value={seconds}>
              {seconds === 0 ? t('Off: send at once') : t('{{count}} seconds', { count: seconds })}
            </option>
          ))}
        </select>
        <p className="settings-hint">{t('After “Send Email”, the message waits this long so you can take it back.')}</p>
      </div>
    </SectionForm>
  );
}
