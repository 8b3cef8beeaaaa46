import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TotpEnabled } from '../../../../../shared/api/security';
import { AddPasskeyForm } from './passkeys';
import { RecoveryCodes } from './recovery-codes';
import { useT } from '../../i18n';
import { TotpSetup } from './totp-setup';
import './security.css';
import { sessionKeys } from '../../../../lib/session-query';

/**
 * TERN_REQUIRE_2FA: right after the password, a user without two-step
 * sign-in turns it on (an authenticator app or a passkey); the recovery codes
 * are shown before the mail.
 */
export default function RequiredSetup({ email, onSignedIn }: { email: string; onSignedIn: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState<TotpEnabled | null>(null);

  if (enabled?.session) {
    const session = enabled.session;
    return (
      <RecoveryCodes
        codes={enabled.recoveryCodes}
        email={email}
        doneLabel={t('Continue to mail')}
        onDone={() => {
          queryClient.setQueryData(sessionKeys.all, session);
          onSignedIn();
        }}
      />
    );
  }
  return (
    <>
      <p>{t('Two-step sign-in is required for your account. Set it up now to continue.')}</p>
      <TotpSetup onEnabled={setEnabled} />
      <h2 className="security-part-title">{t('Or add a passkey')}</h2>
      <AddPasskeyForm onAdded={(added) => setEnabled({ recoveryCodes: added.recoveryCodes ?? [], session: added.session })} />
    </>
  );
}
