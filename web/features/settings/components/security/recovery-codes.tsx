import { useT } from '../../i18n';

/** The ten one-time codes, shown once: as a list, and as a text file to keep. */
export function RecoveryCodes({ codes, email, onDone, doneLabel }: { codes: string[]; email: string; onDone: () => void; doneLabel: string }) {
  const t = useT();
  const text = [t('Tern recovery codes for {{email}}', { email }), t('Each code signs you in once, instead of a code from your authenticator app.'), '', ...codes, ''].join('\n');

  return (
    <div className="security-part" role="region" aria-label={t('Recovery codes')}>
      <p>{t('Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are shown only now.')}</p>
      <ol className="security-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="settings-actions">
        {/* A data: URL, not a blob: one: nothing to revoke, and the file is the text shown. */}
        <a className="button" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="tern-recovery-codes.txt">
          {t('Download codes')}
        </a>
        <button type="button" className="button button-primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}
