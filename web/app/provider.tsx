import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LanguageApplier } from './language';
import { SessionWatcher } from './session-watcher';
import { ThemeApplier } from './theme';

export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionWatcher />
      <ThemeApplier />
      <LanguageApplier />
      {children}
    </QueryClientProvider>
  );
}
