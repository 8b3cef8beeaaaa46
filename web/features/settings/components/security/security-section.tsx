import { AppPasswordsPart } from './app-passwords';
import { PasskeysPart } from './passkeys';
import { SignInNotice } from './sign-in-notice';
import { SignedInDevices } from './signed-in-devices';
import { TwoFactor } from './two-factor';
import './security.css';

/** Settings → "Security" (issue 18): each part acts at once, without "Save Settings". */
export function SecuritySection({ email }: { email: string }) {
  return (
    <section className="settings-form" aria-label="Security">
      <h2 className="settings-title">Security</h2>
      <TwoFactor email={email} />
      <PasskeysPart email={email} />
      <AppPasswordsPart />
      <SignedInDevices />
      <SignInNotice />
    </section>
  );
}
