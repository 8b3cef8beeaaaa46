import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, NAMESPACES } from '../../web/lib/i18n/i18n';

/**
 * Every string the UI shows is in every language's catalog (issue 18). The keys
 * are read from the code with the TypeScript parser: the first argument of
 * `t('…')` and `msg('…')` (a call with `count` is plural). Written by hand
 * because the extractors (i18next-cli, i18next-parser) need Node 22 or gulp,
 * and this is all we need from them. Untranslated JSX text is the lint rule's job.
 */

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'web');

interface UsedKey {
  key: string;
  plural: boolean;
  where: string;
}

function namespaceOf(file: string): string {
  const relative = path.relative(WEB, file).split(path.sep);
  return relative[0] === 'features' ? (relative[1] ?? 'app') : 'app';
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' || entry.name === 'public' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function usedKeys(): Map<string, UsedKey[]> {
  const byNamespace = new Map<string, UsedKey[]>(NAMESPACES.map((ns) => [ns, []]));
  for (const file of sourceFiles(WEB)) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const found = byNamespace.get(namespaceOf(file));
    if (!found) throw new Error(`${path.relative(ROOT, file)}: its folder has no namespace in NAMESPACES`);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 't' || node.expression.text === 'msg')) {
        const [first, options] = node.arguments;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const plural = Boolean(options && ts.isObjectLiteralExpression(options) && options.properties.some((property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'count'));
          const line = source.getLineAndCharacterOfPosition(first.getStart()).line + 1;
          found.push({ key: first.text, plural, where: `${path.relative(ROOT, file)}:${line}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return byNamespace;
}

/**
 * The "errors" namespace: what the BFF and the shared schemas write for people.
 * Server side that is the literal message of a `new DomainError(code, '…')`
 * (or of a `new CalendarDataError('…')`, which becomes one); in shared/ every
 * string literal that is a sentence (the schemas' messages and the *_TEXTS
 * constants); in both, each text marked `translatable('…')` (a text stored
 * for later, or a phrase the client translates inside a sentence). A message
 * built with values is a template (templateKey).
 */
/** A text for people: a capital, a space, and the end of a sentence. */
const SENTENCE = /^[A-Z].* .*[.!?)]$/s;
/** The errors whose message is for people, and which argument it is. */
const MESSAGE_ARGUMENT: Record<string, number | undefined> = { DomainError: 1, CalendarDataError: 0, PasswordDriverError: 0, PublicFetchError: 1 };

function serverTexts(): UsedKey[] {
  const found: UsedKey[] = [];
  for (const dir of ['server', 'shared']) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const inShared = dir === 'shared';
      const add = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral) =>
        found.push({ key: node.text, plural: false, where: `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
      const visit = (node: ts.Node) => {
        const message = ts.isNewExpression(node) && ts.isIdentifier(node.expression) ? MESSAGE_ARGUMENT[node.expression.text] : undefined;
        const part = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'translatable';
        if (message !== undefined || part) {
          // The message, or each branch of a `a ? 'this' : 'that'` message.
          const texts = [(node as ts.NewExpression | ts.CallExpression).arguments?.[message ?? 0]].flatMap((text) => (text && ts.isConditionalExpression(text) ? [text.whenTrue, text.whenFalse] : [text]));
          for (const text of texts) {
            if (text && (ts.isStringLiteral(text) || ts.isNoSubstitutionTemplateLiteral(text))) add(text);
            if (text && ts.isTemplateExpression(text))
              found.push({ key: templateKey(text), plural: false, where: `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(text.getStart()).line + 1}` });
          }
        }
        if (inShared && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && SENTENCE.test(node.text)) add(node);
        if (inShared && ts.isTemplateExpression(node) && SENTENCE.test(templateKey(node)))
          found.push({ key: templateKey(node), plural: false, where: `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return found;
}

/**
 * A message built with values (`The folder "${name}" does not exist.`) is kept
 * as a template, `The folder "{{name}}" does not exist.`: each value is named
 * after its variable or property, else "value"; server-texts.ts matches a
 * message against these templates and puts the values into the translation.
 */
function templateKey(template: ts.TemplateExpression): string {
  const used = new Set<string>();
  return template.head.text + template.templateSpans.map((span) => {
    const expression = span.expression;
    const base = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : 'value';
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}${n}`;
    used.add(name);
    return `{{${name}}}${span.literal.text}`;
  }).join('');
}

function catalog(language: string, ns: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(WEB, 'locales', language, `${ns}.json`), 'utf8')) as Record<string, string>;
}

/** `{{name}}` and `{{count, number}}` (a value formatted for the language) both name one value. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1] ?? ''))].sort();
}

function pluralForms(language: string): string[] {
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories;
}

const used = usedKeys();
used.get('errors')?.push(...serverTexts());

describe('UI catalogs', () => {
  for (const { code: language } of LANGUAGES) {
    for (const ns of NAMESPACES) {
      it(`${language}/${ns}.json has every string of the ${ns} code, with the same placeholders, and nothing unused`, () => {
        const entries = catalog(language, ns);
        const keys = used.get(ns) ?? [];
        const problems: string[] = [];
        const expected = new Set<string>();
        for (const { key, plural, where } of keys) {
          const wanted = plural ? pluralForms(language).map((form) => `${key}_${form}`) : language === 'en' ? [] : [key];
          for (const entry of wanted) {
            expected.add(entry);
            const value = entries[entry];
            if (typeof value !== 'string' || value.trim() === '') {
              problems.push(`missing "${entry}" (${where})`);
              continue;
            }
            // A plural form may leave out the count ("One message"); nothing else may be dropped or invented.
            const allowed = placeholders(key);
            const got = placeholders(value);
            const extra = got.filter((name) => !allowed.includes(name));
            const dropped = allowed.filter((name) => !got.includes(name) && !(plural && name === 'count'));
            if (extra.length || dropped.length) problems.push(`"${entry}": placeholders ${JSON.stringify(got)} where the English has ${JSON.stringify(allowed)}`);
          }
        }
        for (const entry of Object.keys(entries)) if (!expected.has(entry)) problems.push(`unused "${entry}"`);
        expect(problems).toEqual([]);
      });
    }
  }

  it('finds the strings of the code (the scan itself works)', () => {
    const app = used.get('app') ?? [];
    expect(app.length).toBeGreaterThan(0);
  });
});
