import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useSearch } from 'wouter';
import { SESSION_END_TEXTS, sessionEndReason } from '../../../../shared/api/session-texts';
import { PRODUCT_NAME } from '../../../lib/product-name';
import { useSignIn } from '../api/sign-in';
import { useT } from '../i18n';
import { adoptStaticSignIn } from '../static-sign-in';
import './sign-in-page.css';
import { translateServerText } from '../../../lib/i18n/server-texts';

// The one validation of the form, shared with the BFF; zod loads while the user types, not with the page (issue 14).
// An address, the same in every language (index.html's static form shows it too).
const EXAMPLE_ADDRESS = 'joy@mt-example.com';

const signInRequestSchema = () => import('../../../../shared/api/session').then((m) => m.signInRequestSchema);

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const emailId = useId();
  const passwordId = useId();
  const search = useSearch();
  const ended = new URLSearchParams(search).get('ended');
  const endedText = ended === null ? null : translateServerText(SESSION_END_TEXTS[sessionEndReason(ended)]);
  // A half signed-in answer (a second step to come) shows the second step instead (web/app/routes.tsx).
  const signIn = useSignIn({ onSuccess: (session) => !session.pending && onSignedIn() });
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  // Before the first paint of this form: index.html's form, and what the user did in it, becomes this one.
  // The focus is set here, not by autoFocus, which React applies after this and would take it from the field the user is in.
  useLayoutEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const adopted = adoptStaticSignIn(form);
    if (!adopted.focused && !form.contains(document.activeElement)) emailRef.current?.focus();
    if (adopted.pendingSubmit) form.requestSubmit();
  }, []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = (await signInRequestSchema()).safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      setFormError(first ? translateServerText(first.message) : t('Enter your email address and password.'));
      return;
    }
    setFormError(null);
    signIn.mutate(parsed.data);
  }

  // The server's message is written for people (and says nothing about which half was wrong).
  const error = formError ?? signIn.error?.message ?? null;

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 className="sign-in-title">{PRODUCT_NAME}</h1>
        <p className="sign-in-subtitle">{t('Sign in to your mail')}</p>
        {endedText && !error && (
          <p className="sign-in-notice" role="status">
            {endedText}
          </p>
        )}
        <form ref={formRef} className="sign-in-form" method="post" action="/sign-in" onSubmit={(event) => void handleSubmit(event)} noValidate>
          <label htmlFor={emailId}>{t('Email address')}</label>
          <input
            ref={emailRef}
            id={emailId}
            name="email"
            type="email"
            autoComplete="username"
            placeholder={EXAMPLE_ADDRESS}
            required
          />
          <label htmlFor={passwordId}>{t('Password')}</label>
          <input id={passwordId} name="password" type="password" autoComplete="current-password" required />
          {error && (
            <p className="sign-in-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={signIn.isPending} aria-busy={signIn.isPending}>
            {t('Sign in')}
          </button>
        </form>
      </div>
    </main>
  );
}
