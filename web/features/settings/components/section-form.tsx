import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n';

interface SectionFormProps {
  title: string;
  intro?: ReactNode;
  onSubmit: () => void;
  saving: boolean;
  /** False keeps "Save Settings" disabled (nothing to save, or a rule not met). */
  canSave: boolean;
  /** A sentence after a successful save. */
  savedMessage: string | null;
  error: string | null;
  children: ReactNode;
}

/** One settings section: its fields and its own "Save Settings" (SPEC §8). */
export function SectionForm({ title, intro, onSubmit, saving, canSave, savedMessage, error, children }: SectionFormProps) {
  const t = useT();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form className="settings-form" onSubmit={handleSubmit} noValidate aria-label={title}>
      <h2 className="settings-title">{title}</h2>
      {intro && <p className="settings-intro">{intro}</p>}
      {children}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!canSave || saving} aria-busy={saving}>
          {t('Save Settings')}
        </button>
        {error ? (
          <p className="settings-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="settings-saved" role="status">
            {savedMessage}
          </p>
        )}
      </div>
    </form>
  );
}
