import type { SignedInDevice } from '../../../../../shared/api/security';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useSignedInDevices, useSignOutDevices } from '../../api/security';
import { useT } from '../../i18n';

const when = (epochMs: number) => formatFullDate(new Date(epochMs).toISOString());

/** "Signed-in devices": every session of the account, this one first, each with its own "Sign out". */
export function SignedInDevices() {
  const t = useT();
  const devices = useSignedInDevices();
  const signOut = useSignOutDevices();
  const others = devices.data?.devices.filter((device) => !device.current) ?? [];

  return (
    <section className="security-part" aria-labelledby="signed-in-devices-title">
      <h3 id="signed-in-devices-title" className="security-part-title">
        {t('Signed-in devices')}
      </h3>
      {devices.isError ? (
        <LoadError message={devices.error.message} onRetry={() => void devices.refetch()} />
      ) : !devices.data ? (
        <p role="status">{t('Loading…')}</p>
      ) : (
        <ul className="security-list" aria-label={t('Signed-in devices')}>
          {devices.data.devices.map((device) => (
            <DeviceRow key={device.id} device={device} busy={signOut.isPending} onSignOut={() => signOut.mutate({ id: device.id })} />
          ))}
        </ul>
      )}
      <div className="settings-actions">
        <button type="button" className="button" disabled={others.length === 0 || signOut.isPending} onClick={() => signOut.mutate('others')}>
          {t('Sign out everywhere else')}
        </button>
        {signOut.error && (
          <p className="settings-error" role="alert">
            {signOut.error.message}
          </p>
        )}
      </div>
    </section>
  );
}

function DeviceRow({ device, busy, onSignOut }: { device: SignedInDevice; busy: boolean; onSignOut: () => void }) {
  const t = useT();
  const name = t('{{browser}} on {{os}}', { browser: device.browser, os: device.os });
  return (
    <li className="security-item" aria-label={device.current ? t('{{device}} (this device)', { device: name }) : name}>
      <div className="security-item-text">
        <strong>{name}</strong>
        {device.current && <span className="security-badge">{t('This device')}</span>}
        <span className="security-item-detail">
          {t('{{address}} · signed in {{signedIn}} · last active {{lastActive}}', { address: device.address, signedIn: when(device.signedInAt), lastActive: when(device.lastActiveAt) })}
        </span>
      </div>
      {!device.current && (
        <button type="button" className="button" disabled={busy} onClick={onSignOut} aria-label={t('Sign out {{device}}', { device: name })}>
          {t('Sign out')}
        </button>
      )}
    </li>
  );
}
