import { SignInNotice } from './sign-in-notice';
import { SignedInDevices } from './signed-in-devices';
import './security.css';

/** Settings → "Security" (issue 18): each part acts at once, without "Save Settings". */
export function SecuritySection() {
  return (
    <section className="settings-form" aria-label="Security">
      <h2 className="settings-title">Security</h2>
      <SignedInDevices />
      <SignInNotice />
    </section>
  );
}
