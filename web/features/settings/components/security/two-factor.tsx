import { useId, useState, type FormEvent } from 'react';
import { LoadError } from '../../../../components/load-error';
import { useDisableTotp, useRefreshTwoFactorStatus, useTwoFactorStatus } from '../../api/two-factor';
import { RecoveryCodes } from './recovery-codes';
import { TotpSetup } from './totp-setup';

/** "Two-step sign-in": on or off, setting it up, turning it off with a code. */
export function TwoFactor({ email }: { email: string }) {
  const status = useTwoFactorStatus();
  const refresh = useRefreshTwoFactorStatus();
  const [settingUp, setSettingUp] = useState(false);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  let body;
  if (status.isError) body = <LoadError message={status.error.message} onRetry={() => void status.refetch()} />;
  else if (!status.data) body = <p role="status">Loading…</p>;
  else if (newCodes)
    body = (
      <RecoveryCodes
        codes={newCodes}
        email={email}
        doneLabel="Done"
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
          Two-step sign-in is on: after your password, Tern asks for a code from your authenticator app. {status.data.recoveryCodesLeft} recovery codes left.
        </p>
        {!status.data.required && <TurnOff />}
      </>
    );
  else
    body = (
      <>
        <p>After your password, Tern will also ask for a code from an authenticator app on your phone.</p>
        <button type="button" className="button" onClick={() => setSettingUp(true)}>
          Turn on two-step sign-in
        </button>
      </>
    );

  return (
    <section className="security-part" aria-labelledby="two-factor-title">
      <h3 id="two-factor-title" className="security-part-title">
        Two-step sign-in
      </h3>
      {body}
    </section>
  );
}

function TurnOff() {
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const codeId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code.trim()) disable.mutate(code.trim());
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Turn off two-step sign-in">
      <div className="settings-field">
        <label htmlFor={codeId}>Code from the app, or a recovery code</label>
        <input id={codeId} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="one-time-code" />
      </div>
      <div className="settings-actions">
        <button type="submit" className="button" disabled={!code.trim() || disable.isPending}>
          Turn off two-step sign-in
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
