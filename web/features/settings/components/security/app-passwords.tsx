import { useId, useState, type FormEvent } from 'react';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useAppPasswords, useCreateAppPassword, useRevokeAppPassword } from '../../api/security';
import { useT } from '../../i18n';
import { PasswordConfirmField } from './password-confirm-field';

const when = (epochMs: number) => formatFullDate(new Date(epochMs).toISOString());

/**
 * "App passwords": for contacts and calendar apps (CardDAV/CalDAV through
 * /dav/), which cannot ask for a code. Each is shown once, when made.
 */
export function AppPasswordsPart() {
  const t = useT();
  const list = useAppPasswords();
  const create = useCreateAppPassword();
  const revoke = useRevokeAppPassword();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const nameId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() && password)
      create.mutate(
        { name: name.trim(), password },
        {
          onSuccess: () => {
            setName('');
            setPassword('');
          },
        },
      );
  }

  let body;
  if (list.isError) body = <LoadError message={list.error.message} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <p role="status">{t('Loading…')}</p>;
  else if (!list.data.available) body = <p>{t('App passwords are not available on this server: contacts and calendar apps sign in with your mail password.')}</p>;
  else
    body = (
      <>
        <p>
          {t(
            'Contacts and calendar apps on phones and computers (CardDAV, CalDAV) cannot ask for a code. Give each its own app password; while two-step sign-in is on, your mail password does not work for them.',
          )}
        </p>
        {create.data && (
          <div className="security-notice" role="status">
            <p>
              {t('The app password for “{{name}}”:', { name: create.data.name })} <code className="security-secret">{create.data.password}</code>
            </p>
            <p>
              {t('In the app, use the server {{server}}, the user name {{login}} and this password. It is shown only now.', {
                server: `${window.location.origin}/dav/`,
                login: create.data.login,
              })}
            </p>
          </div>
        )}
        {list.data.appPasswords.length > 0 && (
          <ul className="security-list" aria-label={t('App passwords')}>
            {list.data.appPasswords.map((entry) => (
              <li key={entry.id} className="security-item" aria-label={entry.name}>
                <div className="security-item-text">
                  <strong>{entry.name}</strong>
                  <span className="security-item-detail">
                    {entry.lastUsedAt === null
                      ? t('made {{made}} · never used', { made: when(entry.createdAt) })
                      : t('made {{made}} · last used {{lastUsed}}', { made: when(entry.createdAt), lastUsed: when(entry.lastUsedAt) })}
                  </span>
                </div>
                <button type="button" className="button" disabled={revoke.isPending} onClick={() => revoke.mutate(entry.id)} aria-label={t('Revoke {{name}}', { name: entry.name })}>
                  {t('Revoke')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} noValidate aria-label={t('New app password')}>
          <div className="settings-field">
            <label htmlFor={nameId}>{t('Name of the app or device')}</label>
            <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder={t('Phone contacts')} />
          </div>
          <PasswordConfirmField value={password} onChange={setPassword} />
          <div className="settings-actions">
            <button type="submit" className="button" disabled={!name.trim() || !password || create.isPending} aria-busy={create.isPending}>
              {t('Create app password')}
            </button>
            {(create.error ?? revoke.error) && (
              <p className="settings-error" role="alert">
                {(create.error ?? revoke.error)?.message}
              </p>
            )}
          </div>
        </form>
      </>
    );

  return (
    <section className="security-part" aria-labelledby="app-passwords-title">
      <h3 id="app-passwords-title" className="security-part-title">
        {t('App passwords')}
      </h3>
      {body}
    </section>
  );
}
