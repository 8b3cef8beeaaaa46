import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const WEB_FEATURES = fs.readdirSync(new URL('./web/features', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
const SERVER_TYPES_ONLY = { group: ['**/server/**'], allowTypeImports: true };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.runtime/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}', 'tests/ui/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // shared/ is imported by both sides: no DOM, no node:, nothing of ours.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '../server/*', '../web/*', '../../server/*', '../../web/*'] }],
    },
  },
  {
    // Adapters, services and the store throw DomainError and know nothing of HTTP: only routes and the HTTP layer do.
    files: ['server/**/*.ts'],
    ignores: ['server/http/**', 'server/routes/**', 'server/app.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/http/*', '**/routes/*'], message: 'Only server/http, server/routes and app.ts speak HTTP.' }] }],
    },
  },
  {
    // web/ takes only types from the server.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SERVER_TYPES_ONLY] }],
    },
  },
  {
    // web/lib and web/components serve every feature and know none.
    files: ['web/lib/**/*.{ts,tsx}', 'web/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SERVER_TYPES_ONLY, { group: ['**/features/**', '**/app/**'], message: 'Shared code knows no feature: the app shell composes them.' }] }],
    },
  },
  // Features never import each other (issue 15): what two need lives in web/lib, and web/app composes them.
  ...WEB_FEATURES.map((feature) => ({
    files: [`web/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            SERVER_TYPES_ONLY,
            {
              group: ['**/features/**', '**/app/**', ...WEB_FEATURES.filter((other) => other !== feature).flatMap((other) => [`../${other}/**`, `../../${other}/**`, `../../../${other}/**`])],
              message: 'Features do not import each other: share through web/lib or compose in web/app.',
            },
          ],
        },
      ],
    },
  })),
);
