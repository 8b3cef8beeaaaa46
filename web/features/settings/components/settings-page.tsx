import { useEffect, type ReactNode } from 'react';
import { Link, useParams } from 'wouter';
import { msg } from '../../../lib/i18n/i18n';
import { usePhoneLayout } from '../../../lib/layout';
import { useT } from '../i18n';
import { useDraftsStore } from '../stores/drafts-store';
import { AntispamSection } from './antispam-section';
import { AutoreplySection } from './autoreply-section';
import { DisplaySection } from './display-section';
import { FiltersSection } from './filters-section';
import { IdentitySection } from './identity-section';
import { PasswordSection } from './password-section';
import { RemoteContentSection } from './remote-content-section';
import { SecuritySection } from './security/security-section';
import { SendingSection } from './sending-section';
import { SignatureSection } from './signature-section';
import './settings.css';

interface Section {
  id: string;
  label: string;
  render: (email: string) => ReactNode;
}

const SECTIONS: readonly Section[] = [
  { id: 'anti-spam', label: msg('Anti-Spam'), render: () => <AntispamSection /> },
  { id: 'filters', label: msg('Filters'), render: () => <FiltersSection /> },
  { id: 'auto-reply', label: msg('Auto-reply'), render: () => <AutoreplySection /> },
  { id: 'password', label: msg('Change Password'), render: () => <PasswordSection /> },
  { id: 'security', label: msg('Security'), render: (email) => <SecuritySection email={email} /> },
  { id: 'identity', label: msg('Identity'), render: (email) => <IdentitySection email={email} /> },
  { id: 'signature', label: msg('Signature'), render: () => <SignatureSection /> },
  { id: 'sending', label: msg('Sending'), render: () => <SendingSection /> },
  { id: 'display', label: msg('Display'), render: () => <DisplaySection /> },
  { id: 'remoteContent', label: msg('Remote content'), render: () => <RemoteContentSection /> },
];

/**
 * Settings: a list of sections and the chosen one. Edits not saved yet are
 * kept per section (stores/drafts-store.ts), so switching sections or going
 * to Mail and back never loses them; the list marks the sections holding them,
 * and closing or reloading the tab asks first. A phone shows the list at
 * /settings and the chosen section alone, with a way back (settings.css).
 */
export default function SettingsPage({ email }: { email: string }) {
  const t = useT();
  const params = useParams<{ section?: string }>();
  const current = SECTIONS.find((section) => section.id === params.section) ?? SECTIONS[0]!;
  const unsaved = useDraftsStore((state) => state.unsaved);
  useWarnBeforeUnload(unsaved.size > 0);
  const phone = usePhoneLayout();

  return (
    <div className={params.section ? 'settings' : 'settings is-index'}>
      <nav className="settings-nav" aria-label={t('Settings sections')}>
        <h1 className="settings-heading">{t('Settings')}</h1>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <Link
                href={`/settings/${section.id}`}
                className={section === current ? 'settings-nav-link is-active' : 'settings-nav-link'}
                aria-current={section === current ? 'page' : undefined}
              >
                {t(section.label)}
                {unsaved.has(section.id) && (
                  <span className="settings-unsaved" title={t('Not saved yet')}>
                    <span aria-hidden="true">•</span>
                    <span className="visually-hidden">{t(' (not saved yet)')}</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-panel" key={current.id}>
        {phone && (
          <Link href="/settings" className="button settings-back">
            {t('← All settings')}
          </Link>
        )}
        {current.render(email)}
      </div>
    </div>
  );
}

/** The browser's own "leave this page?" question while edits are not saved. */
function useWarnBeforeUnload(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
