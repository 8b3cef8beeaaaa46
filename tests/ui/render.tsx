import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { AppProvider } from '../../web/app/provider';
import { AppRoutes } from '../../web/app/routes';
import { resetMailUiStore } from '../../web/features/mail/stores/mail-ui-store';
import { setCsrfToken } from '../../web/lib/api-client';
import { createQueryClient } from '../../web/lib/query-client';
import { createFakeApi, type FakeApi } from './fake-api';

/**
 * The whole app at `path`, against a fake BFF, with a fresh QueryClient
 * (retries off) and in-memory routing the test can read back.
 */
export function renderApp({ path = '/mail', api = createFakeApi() }: { path?: string; api?: FakeApi } = {}) {
  vi.stubGlobal('fetch', api.fetch);
  resetMailUiStore();
  setCsrfToken(null);
  const queryClient = createQueryClient({ queries: { retry: false }, mutations: { retry: false } });
  const location = memoryLocation({ path, record: true });
  const user = userEvent.setup();
  const view = render(
    <Router hook={location.hook} searchHook={location.searchHook}>
      <AppProvider queryClient={queryClient}>
        <AppRoutes />
      </AppProvider>
    </Router>,
  );
  return {
    ...view,
    api,
    user,
    queryClient,
    /** The current path, as the router sees it. */
    currentPath: () => location.history.at(-1),
  };
}
