import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Four kinds of test, one command. Integration and e2e talk to the real mail
// stack that tests/support/global-setup.ts starts under .runtime/test, each one
// file at a time; scripts/test.sh runs the integration project in one vitest and
// the other three in a second one beside it.
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
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          // The e2e files share the one test stack with the integration files running beside
          // them, whose fault tests stop and restart its servers: a test that failed then is run
          // once more (a real fault fails both times).
          retry: 1,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
