import { useId, useState, type FormEvent } from 'react';
import { useSearch } from 'wouter';
import { SESSION_END_TEXTS, sessionEndReasonSchema, signInRequestSchema } from '../../../../shared/api/session';
import { useSignIn } from '../api/sign-in';
import './sign-in-page.css';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const emailId = useId();
  const passwordId = useId();
  const search = useSearch();
  const ended = new URLSearchParams(search).get('ended');
  const endedText = ended === null ? null : SESSION_END_TEXTS[sessionEndReasonSchema.catch('ended').parse(ended)];
  // A half signed-in answer (a second step to come) shows the second step instead (web/app/routes.tsx).
  const signIn = useSignIn({ onSuccess: (session) => !session.pending && onSignedIn() });
  const [formError, setFormError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInRequestSchema.safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? 'Enter your email address and password.');
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
        <h1 className="sign-in-title">Tern</h1>
        <p className="sign-in-subtitle">Sign in to your mail</p>
        {endedText && !error && (
          <p className="sign-in-notice" role="status">
            {endedText}
          </p>
        )}
        <form className="sign-in-form" onSubmit={handleSubmit} noValidate>
          <label htmlFor={emailId}>Email address</label>
          <input
            id={emailId}
            name="email"
            type="email"
            autoComplete="username"
            placeholder="joy@mt-example.com"
            required
            autoFocus
          />
          <label htmlFor={passwordId}>Password</label>
          <input id={passwordId} name="password" type="password" autoComplete="current-password" required />
          {error && (
            <p className="sign-in-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={signIn.isPending} aria-busy={signIn.isPending}>
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
