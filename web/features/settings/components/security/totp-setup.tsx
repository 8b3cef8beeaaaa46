import { useEffect, useId, useState, type FormEvent } from 'react';
import type { TotpEnabled } from '../../../../../shared/api/security';
import { useBeginTotpSetup, useEnableTotp } from '../../api/two-factor';
import { useT } from '../../i18n';

/**
 * Turning on the authenticator app: the key as a QR code and as text, then a
 * code from the app to prove it was added (nothing changes before that).
 * Used in Settings → "Security" and, when the operator requires it, right
 * after the password at sign-in.
 */
export function TotpSetup({ onEnabled }: { onEnabled: (enabled: TotpEnabled) => void }) {
  const t = useT();
  const begin = useBeginTotpSetup();
  const enable = useEnableTotp();
  const [code, setCode] = useState('');
  const codeId = useId();
  const { mutate: start } = begin;
  useEffect(() => start(), [start]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code.trim()) enable.mutate(code.trim(), { onSuccess: onEnabled });
  }

  if (begin.isError) {
    return (
      <p className="settings-error" role="alert">
        {begin.error.message}
      </p>
    );
  }
  if (!begin.data) return <p role="status">{t('Preparing a key…')}</p>;
  return (
    <form className="security-part" onSubmit={submit} noValidate aria-label={t('Set up the authenticator app')}>
      <p>{t('Scan this QR code with your authenticator app (for example Aegis, Google Authenticator or 1Password):')}</p>
      <img className="security-qr" src={begin.data.qrCode} alt={t('QR code for your authenticator app')} width={220} height={220} />
      <p>
        {t('Or type this key:')} <code className="security-secret">{begin.data.secret}</code>
      </p>
      <div className="settings-field">
        <label htmlFor={codeId}>{t('Code from the app')}</label>
        <input id={codeId} value={code} onChange={(event) => setCode(event.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
      </div>
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!code.trim() || enable.isPending} aria-busy={enable.isPending}>
          {t('Turn on')}
        </button>
        {enable.error && (
          <p className="settings-error" role="alert">
            {enable.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
