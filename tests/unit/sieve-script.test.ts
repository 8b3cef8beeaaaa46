import { describe, expect, it } from 'vitest';
import { antispamSettingsSchema, DEFAULT_ANTISPAM, isSenderEntry, senderLineProblems } from '../../shared/api/antispam';
import { DEFAULT_AUTOREPLY } from '../../shared/api/autoreply';
import { MAX_SENDER_LIST_ENTRIES } from '../../shared/limits';
import { generateSieveScript, quote, readSieveSettings, type SieveSettings } from '../../server/filtering/sieve-script';

const context = { globalDefaults: { sensitivity: 7, handling: 'purge' as const }, spamFolder: 'Junk', trashFolder: 'Trash' };
const base: SieveSettings = { antispam: DEFAULT_ANTISPAM, autoreply: DEFAULT_AUTOREPLY, filters: [], includeScript: null };
const custom = (overrides: Partial<SieveSettings['antispam']>): SieveSettings => ({
  ...base,
  antispam: { ...DEFAULT_ANTISPAM, mode: 'custom', ...overrides },
});

describe('sender list entries', () => {
  it('accepts an address or a whole domain', () => {
    for (const entry of ['joy@mt-example.com', '@mt-example.com', 'first.last+tag@sub.example.co.uk', "o'neil@example.org"]) {
      expect(isSenderEntry(entry), entry).toBe(true);
    }
  });

  it('refuses anything that could carry Sieve syntax or is not an address', () => {
    for (const entry of ['joy', 'mt-example.com', '@', 'a@b', 'a"@b.com', 'a@b.com"; discard; #', '*@b.com', 'a?@b.com', 'a\\@b.com', 'a b@c.com', '@b.com}', 'a@-b.com', '@b..com']) {
      expect(isSenderEntry(entry), entry).toBe(false);
    }
  });

  it('names each bad line by its number, skipping blank lines in the count of entries but not of lines', () => {
    expect(senderLineProblems(['ok@example.org', '', 'not an address', '@fine.example', 'x";stop;'])).toEqual([
      { line: 3, message: 'Line 3: "not an address" is not an address (user@domain.com) or a domain (@domain.com).' },
      { line: 5, message: 'Line 5: "x";stop;" is not an address (user@domain.com) or a domain (@domain.com).' },
    ]);
  });

  it('folds case and duplicates, and refuses more entries than the limit or one entry on both lists', () => {
    const parsed = antispamSettingsSchema.parse({ ...DEFAULT_ANTISPAM, whitelist: [' Joy@Example.org ', 'joy@example.org', '', '@Example.NET'] });
    expect(parsed.whitelist).toEqual(['joy@example.org', '@example.net']);
    const many = Array.from({ length: MAX_SENDER_LIST_ENTRIES + 1 }, (_, i) => `u${i}@example.org`);
    expect(antispamSettingsSchema.safeParse({ ...DEFAULT_ANTISPAM, blacklist: many }).error?.issues[0]?.message).toBe(
      'Keep each list to 1,000 entries (this one has 1,001).',
    );
    const both = antispamSettingsSchema.safeParse({ ...DEFAULT_ANTISPAM, whitelist: ['@x.org'], blacklist: ['@X.org'] });
    expect(both.error?.issues[0]?.message).toBe('@x.org is on both lists; keep it on one.');
  });
});

describe('generateSieveScript', () => {
  it('has no rules when filtering is disabled and auto-reply off', () => {
    const script = generateSieveScript({ ...base, antispam: { ...DEFAULT_ANTISPAM, mode: 'disable' } }, context);
    expect(script).not.toMatch(/require|spamtest|vacation|if /);
  });

  it('uses the configured defaults for "Global Site Settings" and ignores the lists', () => {
    const script = generateSieveScript({ ...base, antispam: { ...DEFAULT_ANTISPAM, whitelist: ['a@b.com'] } }, context);
    expect(script).toContain('spamtest :percent :value "ge" :comparator "i;ascii-numeric" "70"');
    expect(script).toContain('discard;');
    expect(script).not.toContain('a@b.com"');
  });

  it('turns sensitivity N into "percent >= N*10" and each handling into its action', () => {
    expect(generateSieveScript(custom({ sensitivity: 1, handling: 'mark' }), context)).toMatch(/"ge" :comparator "i;ascii-numeric" "10"\) \{\n {2}addflag "\$Junk";\n {2}keep;\n {2}stop;/);
    expect(generateSieveScript(custom({ sensitivity: 10, handling: 'move' }), { ...context, spamFolder: 'Spam "x"' })).toContain(
      '"100") {\n  fileinto :create "Spam \\"x\\"";\n  stop;',
    );
    expect(generateSieveScript(custom({ handling: 'purge' }), context)).toContain('discard;\n  stop;');
  });

  it('checks the whitelist first, then the blacklist with the score, against the envelope sender case-insensitively', () => {
    const script = generateSieveScript(custom({ whitelist: ['friend@example.org', '@good.example'], blacklist: ['@bad.example'] }), context);
    expect(script).toContain(
      'if anyof (envelope :comparator "i;ascii-casemap" :is "from" ["friend@example.org"], envelope :comparator "i;ascii-casemap" :matches "from" ["*@good.example"]) {',
    );
    expect(script).toContain('} elsif anyof (envelope :comparator "i;ascii-casemap" :matches "from" ["*@bad.example"],');
  });

  it('adds a vacation that skips lists and bulk mail and ends on the end date', () => {
    const script = generateSieveScript({ ...base, autoreply: { enabled: true, subject: 'Away', message: 'Back soon.', endDate: '2026-12-31' } }, context);
    expect(script).toContain('not exists "list-id"');
    expect(script).toContain('not header :comparator "i;ascii-casemap" :is "precedence" ["bulk", "list", "junk"]');
    expect(script).toContain('currentdate :value "le" "date" "2026-12-31"');
    expect(script).toContain('vacation :days 3 :subject "Away" "Back soon.";');
  });

  it('escapes free text so it cannot end the string, and leaves ${…} literal (no variables extension)', () => {
    const message = 'Bye"; discard; # \\ ${1}';
    const script = generateSieveScript({ ...base, autoreply: { enabled: true, subject: '', message, endDate: '' } }, context);
    expect(script).toContain(`vacation :days 3 ${quote(message)};`);
    expect(quote(message)).toBe('"Bye\\"; discard; # \\\\ ${1}"');
    expect(script).not.toContain('"variables"');
  });

  it('includes the script that was active before, optionally', () => {
    expect(generateSieveScript({ ...base, includeScript: 'my "rules"' }, context)).toContain('include :personal :optional "my \\"rules\\"";');
  });

  it('reads back the settings a script was made from, and nothing from a foreign script', () => {
    const settings = custom({ whitelist: ['@good.example'], handling: 'move' });
    expect(readSieveSettings(generateSieveScript(settings, context))).toEqual(settings);
    expect(readSieveSettings('require "fileinto";\nfileinto "x";\n')).toBeNull();
    expect(readSieveSettings('# tern-settings: bm90IGpzb24=\n')).toBeNull();
  });
});
