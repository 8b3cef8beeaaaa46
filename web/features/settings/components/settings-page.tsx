import type { ReactNode } from 'react';
import { Link, useParams } from 'wouter';
import { useUnsavedStore } from '../stores/unsaved-store';
import { AntispamSection } from './antispam-section';
import { AutoreplySection } from './autoreply-section';
import { DisplaySection } from './display-section';
import { IdentitySection } from './identity-section';
import { PasswordSection } from './password-section';
import { SendingSection } from './sending-section';
import { SignatureSection } from './signature-section';
import './settings.css';

interface Section {
  id: string;
  label: string;
  render: (email: string) => ReactNode;
}

const SECTIONS: readonly Section[] = [
  { id: 'anti-spam', label: 'Anti-Spam', render: () => <AntispamSection /> },
  { id: 'auto-reply', label: 'Auto-reply', render: () => <AutoreplySection /> },
  { id: 'password', label: 'Change Password', render: () => <PasswordSection /> },
  { id: 'identity', label: 'Identity', render: (email) => <IdentitySection email={email} /> },
  { id: 'signature', label: 'Signature', render: () => <SignatureSection /> },
  { id: 'sending', label: 'Sending', render: () => <SendingSection /> },
  { id: 'display', label: 'Display', render: () => <DisplaySection /> },
];

/**
 * Settings: a list of sections and the chosen one. A section holding edits
 * not saved yet stays mounted (hidden) while another is shown, so switching
 * sections never loses them; the list marks the sections that hold them.
 */
export default function SettingsPage({ email }: { email: string }) {
  const params = useParams<{ section?: string }>();
  const current = SECTIONS.find((section) => section.id === params.section) ?? SECTIONS[0]!;
  const unsaved = useUnsavedStore((state) => state.sections);

  return (
    <main className="settings">
      <nav className="settings-nav" aria-label="Settings sections">
        <h1 className="settings-heading">Settings</h1>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <Link
                href={`/settings/${section.id}`}
                className={section === current ? 'settings-nav-link is-active' : 'settings-nav-link'}
                aria-current={section === current ? 'page' : undefined}
              >
                {section.label}
                {unsaved.has(section.id) && (
                  <span className="settings-unsaved" title="Not saved yet">
                    <span aria-hidden="true">•</span>
                        <span className="visually-hidden">{' (not saved yet)'}</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-panel">
        {SECTIONS.map((section) => (
          <MountedOnceShown key={section.id} shown={section === current} unsaved={unsaved.has(section.id)}>
            {section.render(email)}
          </MountedOnceShown>
        ))}
      </div>
    </main>
  );
}

/** Shown, or hidden but holding unsaved edits; any other section is not rendered at all. */
function MountedOnceShown({ shown, unsaved, children }: { shown: boolean; unsaved: boolean; children: ReactNode }) {
  if (!shown && !unsaved) return null;
  return <div hidden={!shown}>{children}</div>;
}
