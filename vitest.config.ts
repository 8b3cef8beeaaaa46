import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Four kinds of test (the fault tests are integration tests run apart), one command. Integration and e2e talk to the real mail
// stack that tests/support/global-setup.ts starts under .runtime/test, each one
// file at a time; scripts/test.sh runs the integration project in one vitest and
// unit, ui and e2e in a second one beside it, then the fault tests alone.
const FAULT_TESTS = ['tests/integration/send-faults.test.ts', 'tests/integration/imap-connections.test.ts', 'tests/integration/sessions-across-instances.test.ts'];

/** Integration, fault and e2e tests: on the one test stack, a file at a time. */
const ON_THE_STACK = { environment: 'node', globalSetup: ['tests/support/global-setup.ts'], hookTimeout: 180_000, fileParallelism: false };

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          include: ['tests/ui/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/ui/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: FAULT_TESTS,
          ...ON_THE_STACK,
          testTimeout: 60_000,
        },
      },
      {
        // Integration tests that stop or restart the stack's servers (Postfix, Dovecot, Radicale,
        // PostgreSQL): scripts/test.sh runs them alone, after everything else.
        extends: true,
        test: {
          name: 'faults',
          include: FAULT_TESTS,
          ...ON_THE_STACK,
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          ...ON_THE_STACK,
          // Chromium on 2 cores beside the integration tests has its slow moments: a test that
          // failed is run once more (a real fault fails both times).
          retry: 1,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
