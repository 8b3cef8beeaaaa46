import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';

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
    // Every string on screen goes through the catalogs (issue 18): text and attributes such as aria-label and title.
    files: ['web/**/*.tsx'],
    plugins: { i18next },
    rules: { 'i18next/no-literal-string': ['error', { mode: 'jsx-only', 'jsx-attributes': { exclude: ['className', 'path', 'exact', 'styleName', 'style', 'type', 'key', 'id', 'name', 'role', 'as', 'href', 'src', 'rel', 'target', 'method', 'action', 'autoComplete', 'inputMode', 'accept', 'lang', 'dir', 'htmlFor', 'form', 'data-.*', 'aria-controls', 'aria-describedby', 'aria-labelledby', 'aria-haspopup', 'aria-live', 'aria-current', 'aria-hidden', 'aria-orientation', 'aria-sort', 'aria-autocomplete', 'aria-relevant', 'enterKeyHint', 'pattern', 'to', 'sandbox', 'referrerPolicy', 'loading', 'decoding', 'crossOrigin', 'variant', 'size', 'tone', 'kind', 'mode', 'placement', 'align', 'side', 'icon', 'testId', 'wrap', 'spellCheck', 'draggable', 'tabIndex', 'viewBox', 'fill', 'stroke', 'd', 'xmlns', 'strokeWidth', 'strokeLinecap', 'strokeLinejoin', 'width', 'height', 'min', 'max', 'step', 'value', 'defaultValue', 'initialView', 'locale', 'direction', 'field'] } }] },
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
      // A dynamic import('zod') keeps all of zod (JSON Schema, every locale) in the first load: load a module of ours that imports it.
      'no-restricted-syntax': ['error', { selector: "ImportExpression[source.value='zod']", message: "Import a module that imports zod statically; import('zod') defeats tree-shaking." }],
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
