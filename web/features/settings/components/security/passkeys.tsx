import { useId, useState, type FormEvent } from 'react';
import type { PasskeyAdded } from '../../../../../shared/api/security';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useAddPasskey, usePasskeys, useRemovePasskey } from '../../api/two-factor';
import { useT } from '../../i18n';
import { PasswordConfirmField } from './password-confirm-field';
import { RecoveryCodes } from './recovery-codes';

const when = (epochMs: number) => formatFullDate(new Date(epochMs).toISOString());

/**
 * "Passkeys": a fingerprint, face, screen lock or security key instead of the
 * app's code after the password. The first one turns two-step sign-in on and
 * brings the recovery codes, shown once.
 */
export function PasskeysPart({ email }: { email: string }) {
  const t = useT();
  const list = usePasskeys();
  const [removing, setRemoving] = useState<string | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  let body;
  if (list.isError) body = <LoadError message={list.error.message} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <p role="status">{t('Loading…')}</p>;
  else if (newCodes) body = <RecoveryCodes codes={newCodes} email={email} doneLabel={t('Done')} onDone={() => setNewCodes(null)} />;
  else
    body = (
      <>
        <p>{t('Sign in with your fingerprint, face, screen lock or a security key instead of a code from an app. Each passkey stays on the device that made it.')}</p>
        {list.data.passkeys.length > 0 && (
          <ul className="security-list" aria-label={t('Passkeys')}>
            {list.data.passkeys.map((passkey) => (
              <li key={passkey.id} className="security-item" aria-label={passkey.name}>
                <div className="security-item-text">
                  <strong>{passkey.name}</strong>
                  <span className="security-item-detail">
                    {passkey.lastUsedAt === null
                      ? t('added {{added}} · never used', { added: when(passkey.createdAt) })
                      : t('added {{added}} · last used {{lastUsed}}', { added: when(passkey.createdAt), lastUsed: when(passkey.lastUsedAt) })}
                  </span>
                </div>
                {removing !== passkey.id && (
                  <button type="button" className="button" aria-label={t('Remove {{name}}', { name: passkey.name })} onClick={() => setRemoving(passkey.id)}>
                    {t('Remove')}
                  </button>
                )}
                {removing === passkey.id && <RemovePasskeyForm id={passkey.id} name={passkey.name} onDone={() => setRemoving(null)} />}
              </li>
            ))}
          </ul>
        )}
        <AddPasskeyForm onAdded={(added) => added.recoveryCodes && setNewCodes(added.recoveryCodes)} />
      </>
    );

  return (
    <section className="security-part" aria-labelledby="passkeys-title">
      <h3 id="passkeys-title" className="security-part-title">
        {t('Passkeys')}
      </h3>
      {body}
    </section>
  );
}

/** Removing a passkey weakens the sign-in (the last one turns two-step sign-in off): the password confirms it is the user. */
function RemovePasskeyForm({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const t = useT();
  const remove = useRemovePasskey();
  const [password, setPassword] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password) remove.mutate({ id, password }, { onSuccess: onDone });
  }

  return (
    <form className="security-item-confirm" onSubmit={submit} noValidate aria-label={t('Remove {{name}}', { name })}>
      <p>{t('Remove the passkey “{{name}}”? It will no longer sign you in.', { name })}</p>
      <PasswordConfirmField value={password} onChange={setPassword} />
      <div className="settings-actions">
        <button type="submit" className="button" disabled={!password || remove.isPending} aria-busy={remove.isPending}>
          {t('Remove')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('Cancel')}
        </button>
        {remove.error && (
          <p className="settings-error" role="alert">
            {remove.error.message}
          </p>
        )}
      </div>
    </form>
  );
}

/** Names the passkey, then the browser's own dialog makes it. */
export function AddPasskeyForm({ onAdded }: { onAdded: (added: PasskeyAdded) => void }) {
  const t = useT();
  const add = useAddPasskey();
  const [name, setName] = useState('');
  const nameId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim())
      add.mutate(name.trim(), {
        onSuccess: (added) => {
          setName('');
          onAdded(added);
        },
      });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('New passkey')}>
      <div className="settings-field">
        <label htmlFor={nameId}>{t('Name of the passkey')}</label>
        <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder={t('Laptop')} />
      </div>
      <div className="settings-actions">
        <button type="submit" className="button" disabled={!name.trim() || add.isPending} aria-busy={add.isPending}>
          {t('Add a passkey')}
        </button>
        {add.error && (
          <p className="settings-error" role="alert">
            {add.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
