import type { UseQueryResult } from '@tanstack/react-query';
import { LoadError } from '../../../components/load-error';
import { useT } from '../i18n';

/** A section whose saved settings are still on their way, or failed to come. */
export function SectionLoading({ title, query }: { title: string; query: Pick<UseQueryResult, 'isError' | 'error' | 'refetch'> }) {
  const t = useT();
  return (
    <section className="settings-form" aria-label={title}>
      <h2 className="settings-title">{title}</h2>
      {query.isError ? (
        <LoadError message={query.error?.message ?? t('The settings could not be loaded.')} onRetry={() => void query.refetch()} />
      ) : (
        <p className="pane-status" role="status">
          {t('Loading…')}
        </p>
      )}
    </section>
  );
}
