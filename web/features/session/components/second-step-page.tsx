import { Suspense, useId, useState, type ComponentType, type FormEvent } from 'react';
import type { SessionInfo } from '../../../../shared/api/session';
import { PRODUCT_NAME } from '../../../lib/product-name';
import { useCancelSignIn, usePasskeySignIn, useSecondStep } from '../api/second-step';
import { useT } from '../i18n';
import './sign-in-page.css';

/** Settings' setup of a second step, handed in by the app (features do not import each other); it may suspend while its code loads. */
export type RequiredSetupComponent = ComponentType<{ email: string; onSignedIn: () => void }>;

/**
 * After a right password, when the account has two-step sign-in: a passkey
 * (when it has one), a code from the authenticator app (when it has one) or a
 * recovery code. When the operator requires
 * two-step sign-in and the account has none yet: setting it up first.
 */
export function SecondStepPage({ session, onSignedIn, RequiredSetup }: { session: SessionInfo; onSignedIn: () => void; RequiredSetup: RequiredSetupComponent }) {
  const t = useT();
  const cancel = useCancelSignIn();
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 className="sign-in-title">{PRODUCT_NAME}</h1>
        <p className="sign-in-subtitle">{session.email}</p>
        {session.pending === 'setup' ? (
          <Suspense fallback={<p role="status">{t('Loading…')}</p>}>
            <RequiredSetup email={session.email} onSignedIn={onSignedIn} />
          </Suspense>
        ) : (
          <>
            {session.secondSteps?.includes('passkey') && <PasskeyButton onSignedIn={onSignedIn} />}
            <CodeForm onSignedIn={onSignedIn} withApp={session.secondSteps?.includes('code') ?? true} />
          </>
        )}
        <button type="button" className="button sign-in-cancel" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          {t('Cancel')}
        </button>
      </div>
    </main>
  );
}

function PasskeyButton({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const passkey = usePasskeySignIn({ onSuccess: onSignedIn });
  return (
    <div className="sign-in-form">
      <button type="button" className="button button-primary" onClick={() => passkey.mutate()} disabled={passkey.isPending} aria-busy={passkey.isPending}>
        {t('Use a passkey')}
      </button>
      {passkey.error && (
        <p className="sign-in-error" role="alert">
          {passkey.error.message}
        </p>
      )}
    </div>
  );
}

function CodeForm({ onSignedIn, withApp }: { onSignedIn: () => void; withApp: boolean }) {
  const t = useT();
  const codeId = useId();
  const hintId = useId();
  const [code, setCode] = useState('');
  const secondStep = useSecondStep({ onSuccess: onSignedIn });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (code.trim()) secondStep.mutate(code.trim());
  }

  return (
    <form className="sign-in-form" onSubmit={submit} noValidate aria-label={t('Two-step sign-in')}>
      <label htmlFor={codeId}>{t('Code')}</label>
      <p id={hintId} className="sign-in-hint">
        {withApp ? t('Enter the six-digit code from your authenticator app, or one of your recovery codes.') : t('No passkey at hand? Enter one of your recovery codes.')}
      </p>
      <input id={codeId} name="code" value={code} onChange={(event) => setCode(event.target.value)} autoComplete="one-time-code" aria-describedby={hintId} required autoFocus />
      {secondStep.error && (
        <p className="sign-in-error" role="alert">
          {secondStep.error.message}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!code.trim() || secondStep.isPending} aria-busy={secondStep.isPending}>
        {t('Verify')}
      </button>
    </form>
  );
}
