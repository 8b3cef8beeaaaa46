import { useId, useState, type FormEvent } from 'react';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useAppPasswords, useCreateAppPassword, useRevokeAppPassword } from '../../api/security';

const when = (epochMs: number) => formatFullDate(new Date(epochMs).toISOString());

/**
 * "App passwords": for contacts and calendar apps (CardDAV/CalDAV through
 * /dav/), which cannot ask for a code. Each is shown once, when made.
 */
export function AppPasswordsPart() {
  const list = useAppPasswords();
  const create = useCreateAppPassword();
  const revoke = useRevokeAppPassword();
  const [name, setName] = useState('');
  const nameId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim(), { onSuccess: () => setName('') });
  }

  let body;
  if (list.isError) body = <LoadError message={list.error.message} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <p role="status">Loading…</p>;
  else if (!list.data.available) body = <p>App passwords are not available on this server: contacts and calendar apps sign in with your mail password.</p>;
  else
    body = (
      <>
        <p>
          Contacts and calendar apps on phones and computers (CardDAV, CalDAV) cannot ask for a code. Give each its own app password; while two-step sign-in is on,
          your mail password does not work for them.
        </p>
        {create.data && (
          <div className="security-notice" role="status">
            <p>
              The app password for “{create.data.name}”: <code className="security-secret">{create.data.password}</code>
            </p>
            <p>
              In the app, use the server {window.location.origin}/dav/, the user name {create.data.login} and this password. It is shown only now.
            </p>
          </div>
        )}
        {list.data.appPasswords.length > 0 && (
          <ul className="security-list" aria-label="App passwords">
            {list.data.appPasswords.map((entry) => (
              <li key={entry.id} className="security-item" aria-label={entry.name}>
                <div className="security-item-text">
                  <strong>{entry.name}</strong>
                  <span className="security-item-detail">
                    made {when(entry.createdAt)} · {entry.lastUsedAt === null ? 'never used' : `last used ${when(entry.lastUsedAt)}`}
                  </span>
                </div>
                <button type="button" className="button" disabled={revoke.isPending} onClick={() => revoke.mutate(entry.id)} aria-label={`Revoke ${entry.name}`}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} noValidate aria-label="New app password">
          <div className="settings-field">
            <label htmlFor={nameId}>Name of the app or device</label>
            <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder="Phone contacts" />
          </div>
          <div className="settings-actions">
            <button type="submit" className="button" disabled={!name.trim() || create.isPending} aria-busy={create.isPending}>
              Create app password
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
        App passwords
      </h3>
      {body}
    </section>
  );
}
