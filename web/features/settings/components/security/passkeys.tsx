import { useId, useState, type FormEvent } from 'react';
import type { PasskeyAdded } from '../../../../../shared/api/security';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useAddPasskey, usePasskeys, useRemovePasskey } from '../../api/two-factor';
import { useT } from '../../i18n';
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
  const remove = useRemovePasskey();
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
                <button
                  type="button"
                  className="button"
                  disabled={remove.isPending}
                  aria-label={t('Remove {{name}}', { name: passkey.name })}
                  onClick={() => {
                    if (window.confirm(t('Remove the passkey “{{name}}”? It will no longer sign you in.', { name: passkey.name }))) remove.mutate(passkey.id);
                  }}
                >
                  {t('Remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {remove.error && (
          <p className="settings-error" role="alert">
            {remove.error.message}
          </p>
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
