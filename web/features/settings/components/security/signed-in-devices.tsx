import type { SignedInDevice } from '../../../../../shared/api/security';
import { LoadError } from '../../../../components/load-error';
import { formatFullDate } from '../../../../lib/format';
import { useSignedInDevices, useSignOutDevices } from '../../api/security';

const when = (epochMs: number) => formatFullDate(new Date(epochMs).toISOString());

/** "Signed-in devices": every session of the account, this one first, each with its own "Sign out". */
export function SignedInDevices() {
  const devices = useSignedInDevices();
  const signOut = useSignOutDevices();
  const others = devices.data?.devices.filter((device) => !device.current) ?? [];

  return (
    <section className="security-part" aria-labelledby="signed-in-devices-title">
      <h3 id="signed-in-devices-title" className="security-part-title">
        Signed-in devices
      </h3>
      {devices.isError ? (
        <LoadError message={devices.error.message} onRetry={() => void devices.refetch()} />
      ) : !devices.data ? (
        <p role="status">Loading…</p>
      ) : (
        <ul className="security-list" aria-label="Signed-in devices">
          {devices.data.devices.map((device) => (
            <DeviceRow key={device.id} device={device} busy={signOut.isPending} onSignOut={() => signOut.mutate({ id: device.id })} />
          ))}
        </ul>
      )}
      <div className="settings-actions">
        <button type="button" className="button" disabled={others.length === 0 || signOut.isPending} onClick={() => signOut.mutate('others')}>
          Sign out everywhere else
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
  const name = `${device.browser} on ${device.os}`;
  return (
    <li className="security-item" aria-label={device.current ? `${name} (this device)` : name}>
      <div className="security-item-text">
        <strong>{name}</strong>
        {device.current && <span className="security-badge">This device</span>}
        <span className="security-item-detail">
          {device.address} · signed in {when(device.signedInAt)} · last active {when(device.lastActiveAt)}
        </span>
      </div>
      {!device.current && (
        <button type="button" className="button" disabled={busy} onClick={onSignOut} aria-label={`Sign out ${name}`}>
          Sign out
        </button>
      )}
    </li>
  );
}
