import { describe, expect, it } from 'vitest';
import { DEFAULT_ANTISPAM } from '../../shared/api/antispam';
import { DEFAULT_AUTOREPLY } from '../../shared/api/autoreply';
import { filtersSettingsSchema, NEW_FILTER_RULE, type FilterRule } from '../../shared/api/filters';
import { MAX_FILTER_RULES } from '../../shared/limits';
import { ruleMatches, searchTextOf } from '../../server/filtering/filter-match';
import { generateSieveScript, readSieveSettings, type SieveSettings } from '../../server/filtering/sieve-script';

const context = { globalDefaults: { sensitivity: 5, handling: 'move' as const }, spamFolder: 'Junk', trashFolder: 'Trash' };
const rule = (overrides: Partial<FilterRule>): FilterRule => ({ ...NEW_FILTER_RULE, value: 'news@example.org', markRead: true, ...overrides });
const withFilters = (filters: FilterRule[], overrides: Partial<SieveSettings> = {}): SieveSettings => ({
  antispam: { ...DEFAULT_ANTISPAM, mode: 'disable' },
  autoreply: DEFAULT_AUTOREPLY,
  filters,
  includeScript: null,
  ...overrides,
});
const script = (filters: FilterRule[], overrides: Partial<SieveSettings> = {}) => generateSieveScript(withFilters(filters, overrides), context);

/** The script with every quoted string blanked: what is left is Sieve syntax, not data. */
function syntaxOnly(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

describe('filter rules in the Sieve script', () => {
  it('writes each condition: From/To compare the header for "contains" and the address for "is" and "matches"', () => {
    expect(script([rule({ field: 'from', match: 'contains', value: 'Amazon' })])).toContain('if header :comparator "i;ascii-casemap" :contains "from" "Amazon" {');
    expect(script([rule({ field: 'from', match: 'is', value: 'a@b.com' })])).toContain('if address :all :comparator "i;ascii-casemap" :is "from" "a@b.com" {');
    expect(script([rule({ field: 'to', match: 'matches', value: '*@team.example' })])).toContain(
      'if address :all :comparator "i;ascii-casemap" :matches ["to", "cc"] "*@team.example" {',
    );
    expect(script([rule({ field: 'subject', match: 'is', value: 'Weekly report' })])).toContain('if header :comparator "i;ascii-casemap" :is "subject" "Weekly report" {');
    expect(script([rule({ field: 'header', header: 'List-Id', match: 'contains', value: 'dev.lists.example' })])).toContain(
      'if header :comparator "i;ascii-casemap" :contains "List-Id" "dev.lists.example" {',
    );
  });

  it('writes each action, flags before the move so the filed copy carries them, and "Delete" into Trash', () => {
    const text = script([rule({ markRead: true, flag: true, forwardTo: 'me@else.example', moveTo: 'Lists/News', stop: true })]);
    expect(text).toContain(
      [
        '  addflag ["\\\\Seen", "\\\\Flagged"];',
        '  redirect :copy "me@else.example";',
        '  fileinto "Lists/News";',
        '  stop;',
        '}',
      ].join('\n'),
    );
    expect(text).toContain('require ["copy", "fileinto", "imap4flags"];');
    const deleting = script([rule({ markRead: false, delete: true })]);
    expect(deleting).toContain('  fileinto :create "Trash";');
    expect(deleting).not.toContain('discard');
  });

  it('moves without :create, so a folder deleted since the save fails and the mail stays in the Inbox', () => {
    expect(script([rule({ moveTo: 'Gone' })])).toMatch(/ {2}fileinto "Gone";/);
  });

  it('keeps the rules in order, leaves disabled ones out of the rules but keeps them in the settings', () => {
    const rules = [rule({ value: 'first@x.com' }), rule({ value: 'off@x.com', enabled: false }), rule({ value: 'second@x.com' })];
    const text = script(rules);
    expect(text.indexOf('first@x.com')).toBeLessThan(text.indexOf('second@x.com'));
    expect(syntaxOnly(text).match(/^if /gm)).toHaveLength(2);
    expect(text.split('\n').filter((line) => line.includes('off@x.com'))).toEqual([]);
    expect(readSieveSettings(text)?.filters).toEqual(rules);
  });

  it('runs the spam rules first, then the filters, then the auto-reply, then the included script', () => {
    const text = script([rule({ value: 'f@x.com' })], {
      antispam: { ...DEFAULT_ANTISPAM, mode: 'custom', whitelist: ['friend@x.com'] },
      autoreply: { enabled: true, subject: 'Away', message: 'Back soon.', endDate: '' },
      includeScript: 'mine',
    });
    const positions = ['friend@x.com', 'spamtest :percent', 'f@x.com', 'vacation :days', 'include :personal'].map((needle) => text.split('\n').findIndex((line) => !line.startsWith('#') && line.includes(needle)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.every((position) => position > 0)).toBe(true);
  });

  it('escapes values: an attempt to inject Sieve stays one string, and the settings read back unchanged', () => {
    const attack = rule({ field: 'subject', value: 'x" { discard; } if true { redirect "evil@example.net"; } #\\', moveTo: 'A "quoted" \\ folder' });
    expect(filtersSettingsSchema.safeParse([attack]).success).toBe(true);
    const text = script([attack]);
    expect(text).toContain('"x\\" { discard; } if true { redirect \\"evil@example.net\\"; } #\\\\"');
    expect(text).toContain('fileinto "A \\"quoted\\" \\\\ folder";');
    expect(syntaxOnly(text)).not.toMatch(/discard|redirect/);
    expect(readSieveSettings(text)?.filters).toEqual([attack]);
  });

  it('reads a script written before filters existed as having none', () => {
    const older = `# tern-settings: ${Buffer.from(JSON.stringify({ antispam: DEFAULT_ANTISPAM, autoreply: DEFAULT_AUTOREPLY, includeScript: null })).toString('base64')}\n`;
    expect(readSieveSettings(older)?.filters).toEqual([]);
  });
});

describe('filter validation', () => {
  const problems = (rules: FilterRule[]) => filtersSettingsSchema.safeParse(rules).error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [];

  it('names the rule and the field of each problem', () => {
    expect(
      problems([
        rule({}),
        rule({ value: '  ' }),
        rule({ field: 'header', header: 'X-Bad"; discard', value: 'x' }),
        rule({ forwardTo: 'not an address' }),
        rule({ moveTo: 'Archive', delete: true }),
        rule({ markRead: false }),
        rule({ value: 'two\nlines' }),
      ]),
    ).toEqual([
      ['1.value', 'Rule 2: type the text to look for.'],
      ['2.header', 'Rule 3: "X-Bad"; discard" is not a header name (letters, digits and hyphens, like List-Id).'],
      ['3.forwardTo', 'Rule 4: "not an address" is not an email address to forward to.'],
      ['4.delete', 'Rule 5: choose either "Move to folder" or "Delete", not both.'],
      ['5.moveTo', 'Rule 6: choose what to do with matching mail.'],
      ['6.value', 'Rule 7: the text to look for must be one line of text.'],
    ]);
  });

  it('refuses forwarding addresses that could carry Sieve, and more than one forwarding rule (Dovecot redirects a message once)', () => {
    for (const address of ['a@b.com"; discard; #', 'a@b.com,c@d.com', '@b.com', 'a b@c.com']) {
      expect(problems([rule({ forwardTo: address })]), address).toHaveLength(1);
    }
    expect(filtersSettingsSchema.parse([rule({ forwardTo: ' Me@Else.Example ' })])[0]?.forwardTo).toBe('me@else.example');
    expect(problems([rule({ forwardTo: 'a@b.com' }), rule({ forwardTo: 'c@d.com', enabled: false }), rule({ forwardTo: 'e@f.com' })])).toEqual([
      ['2.forwardTo', 'Rule 3: only one rule may forward mail (rule 1 does already): the mail server forwards a message once at most.'],
    ]);
  });

  it(`keeps to ${MAX_FILTER_RULES} rules`, () => {
    expect(problems(Array.from({ length: MAX_FILTER_RULES }, () => rule({})))).toEqual([]);
    expect(problems(Array.from({ length: MAX_FILTER_RULES + 1 }, () => rule({})))).toEqual([['', 'Keep to 100 rules.']]);
  });
});

describe('a rule evaluated in the BFF ("Apply to this folder now") means what the Sieve means', () => {
  const headers = [
    'From: "News Desk" <News@Example.org>',
    'To: joy@mt-example.com,',
    ' team@lists.example',
    'Subject: =?UTF-8?Q?Caf=C3=A9_weekly?=',
    'List-Id: Dev list <dev.lists.example>',
    '',
  ].join('\r\n');

  it('compares From/To addresses for "is" and "matches", the decoded header for "contains", case-insensitively', () => {
    expect(ruleMatches(rule({ field: 'from', match: 'is', value: 'news@example.org' }), headers)).toBe(true);
    expect(ruleMatches(rule({ field: 'from', match: 'is', value: 'News Desk' }), headers)).toBe(false);
    expect(ruleMatches(rule({ field: 'from', match: 'contains', value: 'news desk' }), headers)).toBe(true);
    expect(ruleMatches(rule({ field: 'to', match: 'matches', value: '*@lists.example' }), headers)).toBe(true);
    // i;ascii-casemap folds ASCII letters only, as the mail server's comparator does.
    expect(ruleMatches(rule({ field: 'subject', match: 'is', value: 'café WEEKLY' }), headers)).toBe(true);
    expect(ruleMatches(rule({ field: 'subject', match: 'is', value: 'CAFÉ weekly' }), headers)).toBe(false);
    expect(ruleMatches(rule({ field: 'subject', match: 'matches', value: 'Caf? w*' }), headers)).toBe(true);
    expect(ruleMatches(rule({ field: 'header', header: 'list-ID', match: 'contains', value: 'dev.lists.example' }), headers)).toBe(true);
    expect(ruleMatches(rule({ field: 'header', header: 'X-Missing', match: 'contains', value: 'x' }), headers)).toBe(false);
  });

  it('searches the server for the longest plain part of a pattern', () => {
    expect(searchTextOf({ match: 'matches', value: '*@lists.example' })).toBe('@lists.example');
    expect(searchTextOf({ match: 'matches', value: 'a\\*b*c' })).toBe('a*b');
    expect(searchTextOf({ match: 'matches', value: '*?*' })).toBe('');
    expect(searchTextOf({ match: 'contains', value: 'x*y' })).toBe('x*y');
  });
});
