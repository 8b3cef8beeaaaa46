import { useId, useState, type FormEvent } from 'react';
import { LoadError } from '../../../../components/load-error';
import { useDisableTotp, usePasskeys, useRefreshTwoFactorStatus, useRegenerateRecoveryCodes, useTwoFactorStatus } from '../../api/two-factor';
import { useT } from '../../i18n';
import { PasswordConfirmField } from './password-confirm-field';
import { RecoveryCodes } from './recovery-codes';
import { TotpSetup } from './totp-setup';

/**
 * "Two-step sign-in": the authenticator app on or off, setting it up, turning
 * it off with a code; new recovery codes while any second step (the app or a
 * passkey) is on.
 */
export function TwoFactor({ email }: { email: string }) {
  const t = useT();
  const status = useTwoFactorStatus();
  const passkeyCount = usePasskeys().data?.passkeys.length ?? 0;
  const refresh = useRefreshTwoFactorStatus();
  const [settingUp, setSettingUp] = useState(false);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  let body;
  if (status.isError) body = <LoadError message={status.error.message} onRetry={() => void status.refetch()} />;
  else if (!status.data) body = <p role="status">{t('Loading…')}</p>;
  else if (newCodes)
    body = (
      <RecoveryCodes
        codes={newCodes}
        email={email}
        doneLabel={t('Done')}
        onDone={() => {
          setNewCodes(null);
          void refresh();
        }}
      />
    );
  else if (settingUp)
    body = (
      <TotpSetup
        onEnabled={(enabled) => {
          setSettingUp(false);
          setNewCodes(enabled.recoveryCodes);
        }}
      />
    );
  else if (status.data.enabled)
    body = (
      <>
        <p role="status">
          {passkeyCount > 0
            ? t('Two-step sign-in is on: after your password, Tern asks for a code from your authenticator app or a passkey.')
            : t('Two-step sign-in is on: after your password, Tern asks for a code from your authenticator app.')}{' '}
          {t('{{count}} recovery codes left.', { count: status.data.recoveryCodesLeft })}
        </p>
        {!status.data.required && <TurnOff />}
        <RegenerateCodes onCodes={setNewCodes} />
      </>
    );
  else
    body = (
      <>
        {passkeyCount > 0 ? (
          <p role="status">
            {t('Two-step sign-in is on: after your password, Tern asks for one of your passkeys.')}{' '}
            {t('{{count}} recovery codes left.', { count: status.data.recoveryCodesLeft })} {t('You can also use an authenticator app.')}
          </p>
        ) : (
          <p>{t('After your password, Tern will also ask for a code from an authenticator app on your phone (or for a passkey, below).')}</p>
        )}
        <button type="button" className="button" onClick={() => setSettingUp(true)}>
          {passkeyCount > 0 ? t('Add an authenticator app') : t('Turn on two-step sign-in')}
        </button>
        {passkeyCount > 0 && <RegenerateCodes onCodes={setNewCodes} />}
      </>
    );

  return (
    <section className="security-part" aria-labelledby="two-factor-title">
      <h3 id="two-factor-title" className="security-part-title">
        {t('Two-step sign-in')}
      </h3>
      {body}
    </section>
  );
}

function TurnOff() {
  const t = useT();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const codeId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code.trim()) disable.mutate(code.trim());
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('Turn off two-step sign-in')}>
      <div className="settings-field">
        <label htmlFor={codeId}>{t('Code from the app, or a recovery code')}</label>
        <input id={codeId} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="one-time-code" />
      </div>
      <div className="settings-actions">
        <button type="submit" className="button" disabled={!code.trim() || disable.isPending}>
          {t('Turn off two-step sign-in')}
        </button>
        {disable.error && (
          <p className="settings-error" role="alert">
            {disable.error.message}
          </p>
        )}
      </div>
    </form>
  );
}

/** New recovery codes for lost or used-up ones: the password confirms it is the user (a passkey-only account has no app code to give). */
function RegenerateCodes({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const t = useT();
  const regenerate = useRegenerateRecoveryCodes();
  const [password, setPassword] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password)
      regenerate.mutate(password, {
        onSuccess: ({ recoveryCodes }) => {
          setPassword('');
          onCodes(recoveryCodes);
        },
      });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('New recovery codes')}>
      <p>{t('New recovery codes replace all the old ones, which then stop working.')}</p>
      <PasswordConfirmField value={password} onChange={setPassword} />
      <div className="settings-actions">
        <button type="submit" className="button" disabled={!password || regenerate.isPending} aria-busy={regenerate.isPending}>
          {t('Regenerate recovery codes')}
        </button>
        {regenerate.error && (
          <p className="settings-error" role="alert">
            {regenerate.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
