import { AppPasswordsPart } from './app-passwords';
import { PasskeysPart } from './passkeys';
import { SignInNotice } from './sign-in-notice';
import { SignedInDevices } from './signed-in-devices';
import { TwoFactor } from './two-factor';
import { useT } from '../../i18n';
import './security.css';

/** Settings → "Security" (issue 18): each part acts at once, without "Save Settings". */
export function SecuritySection({ email }: { email: string }) {
  const t = useT();
  return (
    <section className="settings-form" aria-label={t('Security')}>
      <h2 className="settings-title">{t('Security')}</h2>
      <TwoFactor email={email} />
      <PasskeysPart email={email} />
      <AppPasswordsPart />
      <SignedInDevices />
      <SignInNotice />
    </section>
  );
}
