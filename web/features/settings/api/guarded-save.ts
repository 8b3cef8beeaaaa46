import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client';

/**
 * A save of settings guarded by If-Match: the answer becomes the cached value;
 * refused because it changed elsewhere, what is there now is fetched (the
 * edits stay, shown over it).
 */
export function useGuardedSave<Input, Saved>(queryKey: QueryKey, save: (input: Input) => Promise<Saved>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: save,
    onSuccess: (saved) => queryClient.setQueryData(queryKey, saved),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'conflict') void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** The version saved elsewhere that a refused save (409) reports: the edits now knowingly replace it. */
export function conflictVersion(error: unknown): string | undefined {
  const current = error instanceof ApiError && error.code === 'conflict' ? error.details?.version : undefined;
  return typeof current === 'string' ? current : undefined;
}

/** The BFF's problems per field (400), keyed like `whitelist.2` or `1.moveTo`. */
export function fieldProblems(error: unknown): Record<string, string> | undefined {
  return error instanceof ApiError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
}
