import { useId } from 'react';
import { useT } from '../../i18n';

/** "Your password": what opens or weakens access to the account asks for it again (the BFF checks it). */
export function PasswordConfirmField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="settings-field">
      <label htmlFor={id}>{t('Your password')}</label>
      <input id={id} type="password" value={value} onChange={(event) => onChange(event.target.value)} autoComplete="current-password" />
    </div>
  );
}
