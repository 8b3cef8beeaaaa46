import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { ApiError } from '../../../lib/api-client';
import { filtersQueryOptions, getFilterFromMessage } from '../api/filters';
import { useT } from '../i18n';
import { FILTERS_SECTION, proposeFilter } from '../stores/filters-draft';

/** "Create filter" in the reading pane: Settings → Filters with a new rule for this message's list (List-Id) or sender. */
export function CreateFilterButton({ folder, uid }: { folder: string; uid: number }) {
  const t = useT();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: async () => {
      const [rule, saved] = await Promise.all([getFilterFromMessage(folder, uid), queryClient.fetchQuery(filtersQueryOptions())]);
      proposeFilter(rule, saved);
    },
    // The section opens on the new rule, the last one.
    onSuccess: () => navigate(`/settings/${FILTERS_SECTION}?new`),
  });
  return (
    <>
      <button type="button" className="button button-quiet create-filter" disabled={create.isPending} onClick={() => create.mutate()}>
        {t('Create filter')}
      </button>
      {create.isError && <span className="field-error" role="alert">{create.error instanceof ApiError ? create.error.message : t('The filter could not be started.')}</span>}
    </>
  );
}
