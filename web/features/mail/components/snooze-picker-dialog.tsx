import { useId, useState, type FormEvent } from 'react';
import { SNOOZE_IN_PAST } from '../../../../shared/api/snooze';
import { Modal } from '../../../components/modal';
import { toLocalInputValue } from '../commands/snooze-times';
import { useT } from '../i18n';
import './snooze.css';
import { translateServerText } from '../../../lib/i18n/server-texts';

interface SnoozePickerDialogProps {
  onPick: (until: Date) => void;
  onClose: () => void;
}

/** "Pick a date & time…": the browser's own date and time field, in its zone; a past time is refused here and by the server. */
export default function SnoozePickerDialog({ onPick, onClose }: SnoozePickerDialogProps) {
  const t = useT();
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState(() => toLocalInputValue(new Date(Date.now() + 60 * 60_000)));
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    // datetime-local has no zone: the Date constructor reads it as the browser's local time.
    const until = new Date(value);
    if (Number.isNaN(until.getTime())) {
      setError(t('Choose a date and a time.'));
      return;
    }
    if (until.getTime() <= Date.now()) {
      setError(translateServerText(SNOOZE_IN_PAST));
      return;
    }
    onClose();
    onPick(until);
  }

  return (
    <Modal title={t('Snooze until')} onClose={onClose} className="snooze-dialog">
      {/* Our own message for a past time, not the browser's bubble for `min`. */}
      <form noValidate onSubmit={submit}>
        <label htmlFor={inputId}>{t('Date and time')}</label>
        <input
          id={inputId}
          type="datetime-local"
          value={value}
          min={toLocalInputValue(new Date())}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          data-autofocus
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        {error && (
          <p id={errorId} className="snooze-field-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('Cancel')}
          </button>
          <button type="submit" className="button button-primary">
            {t('Snooze')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
