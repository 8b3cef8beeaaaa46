import { lazy, Suspense, useState } from 'react';
import { Router } from 'wouter';
import { createQueryClient } from '../lib/query-client';
import { AppProvider } from './provider';
import { AppRoutes } from './routes';

// The service worker's code is not needed for the first screen. Browsers
// without service workers (and the tests' DOM) never load it.
const UpdatePrompt = lazy(() => import('./update-prompt'));
const serviceWorkers = typeof navigator !== 'undefined' && 'serviceWorker' in navigator;

export function App() {
  const [queryClient] = useState(() => createQueryClient());
  return (
    <Router>
      <AppProvider queryClient={queryClient}>
        <AppRoutes />
        {serviceWorkers && (
          <Suspense fallback={null}>
            <UpdatePrompt />
          </Suspense>
        )}
      </AppProvider>
    </Router>
  );
}
