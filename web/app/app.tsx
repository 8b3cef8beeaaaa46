import { useState } from 'react';
import { Router } from 'wouter';
import { createQueryClient } from '../lib/query-client';
import { AppProvider } from './provider';
import { AppRoutes } from './routes';

export function App() {
  const [queryClient] = useState(() => createQueryClient());
  return (
    <Router>
      <AppProvider queryClient={queryClient}>
        <AppRoutes />
      </AppProvider>
    </Router>
  );
}
