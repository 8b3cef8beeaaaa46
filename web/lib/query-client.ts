import { QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { NotKeptOffline } from './offline/offline-copy';

/** Client errors will not heal by asking again; server and network trouble might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof NotKeptOffline) return false;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(overrides: DefaultOptions = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      ...overrides,
      queries: { staleTime: 30_000, retry: shouldRetry, ...overrides.queries },
      mutations: { retry: false, ...overrides.mutations },
    },
  });
}
