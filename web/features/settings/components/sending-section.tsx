import { useId } from 'react';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';

const UNDO_CHOICES = [0, 5, 10, 20, 30];

/** How long "Undo" stays offered after "Send Email" (the message waits that long before it goes). */
export function SendingSection() {
  const sending = usePreferenceSection('sending', 'Sending settings saved.');
  const id = useId();
  if (sending.query.isPending || sending.query.isError) return <SectionLoading title="Sending" query={sending.query} />;
  return (
    <SectionForm title="Sending" onSubmit={sending.save} {...sending.form}>
      <div className="settings-field">
        <label htmlFor={id}>Undo send</label>
        <select id={id} value={sending.draft.undoSendSeconds} onChange={(event) => sending.update({ undoSendSeconds: Number(event.target.value) })}>
          {UNDO_CHOICES.map((seconds) => (
            <option key={seconds} value={seconds}>
              {seconds === 0 ? 'Off: send at once' : `${seconds} seconds`}
            </option>
          ))}
        </select>
        <p className="settings-hint">After &ldquo;Send Email&rdquo;, the message waits this long so you can take it back.</p>
      </div>
    </SectionForm>
  );
}
