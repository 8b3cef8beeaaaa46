import { useSaveSecuritySettings, useSecuritySettings } from '../../api/security';
import { useT } from '../../i18n';

/** The new-browser notice: on by default, saved as soon as it is ticked or cleared. */
export function SignInNotice() {
  const t = useT();
  const settings = useSecuritySettings();
  const save = useSaveSecuritySettings();
  const checked = save.isPending ? (save.variables?.signInNotice ?? false) : (settings.data?.signInNotice ?? true);

  return (
    <section className="security-part" aria-labelledby="sign-in-notice-title">
      <h3 id="sign-in-notice-title" className="security-part-title">
        {t('Sign-in notices')}
      </h3>
      <label className="settings-choice">
        <input type="checkbox" checked={checked} disabled={!settings.data || save.isPending} onChange={(event) => save.mutate({ signInNotice: event.target.checked })} />
        {t('Send me an email when someone signs in from a new browser')}
      </label>
      {(save.error ?? settings.error) && (
        <p className="settings-error" role="alert">
          {(save.error ?? settings.error)?.message}
        </p>
      )}
    </section>
  );
}
