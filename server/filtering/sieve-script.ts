import { z } from 'zod';
import { antispamSettingsSchema, type AntispamSettings, type SpamDefaults, type SpamHandling } from '../../shared/api/antispam';
import { AUTOREPLY_DAYS, autoreplySettingsSchema, type AutoreplySettings } from '../../shared/api/autoreply';
import { filterRuleSchema, type FilterRule } from '../../shared/api/filters';

/**
 * Everything Tern keeps in the user's Sieve script. The script is the one
 * place these settings live: on the mail server, next to the mailbox, so they
 * follow it whatever address the user signs in with and whichever client they use.
 */
export interface SieveSettings {
  antispam: AntispamSettings;
  autoreply: AutoreplySettings;
  /** "Filters", in order; disabled ones are kept here but left out of the rules. */
  filters: FilterRule[];
  /** The user's own script that was active before Tern's, kept running by `include`. */
  includeScript: string | null;
}

/** The special folders a script files into, whatever the server calls them. */
export interface ScriptFolders {
  /** Name of the user's \Junk folder ("Spam" in the UI). */
  spamFolder: string;
  /** Name of the user's \Trash folder (a filter's "Delete"). */
  trashFolder: string;
}

export interface ScriptContext extends ScriptFolders {
  /** What "Global Site Settings" means (the BFF's configuration). */
  globalDefaults: SpamDefaults;
}

const SETTINGS_MARKER = '# tern-settings: ';

const storedSettingsSchema = z.object({
  antispam: antispamSettingsSchema,
  autoreply: autoreplySettingsSchema,
  // Scripts written before filters existed have none.
  filters: z.array(filterRuleSchema).default([]),
  includeScript: z.string().nullable(),
});

/**
 * The one Sieve script for these settings. Pure: same settings, same script.
 * Order matters: whitelisted senders skip every spam rule; spam is handled and
 * `stop`s, so spam never gets an auto-reply and never reaches the user's own
 * script; then the filters, then the auto-reply, then the user's own script.
 */
export function generateSieveScript(settings: SieveSettings, context: ScriptContext): string {
  const { antispam, autoreply, filters, includeScript } = settings;
  const requires = new Set<string>();
  const body: string[] = [];

  const spam = effectiveSpamRules(antispam, context.globalDefaults);
  if (spam) {
    const whitelist = senderTest(spam.whitelist);
    const spamTests = [...senderTestList(spam.blacklist), spamScoreTest(spam.sensitivity)];
    requires.add('envelope').add('spamtestplus').add('relational').add('comparator-i;ascii-numeric');
    const spamBranch = `anyof (${spamTests.join(',\n       ')})`;
    if (whitelist) {
      body.push(`if ${whitelist} {`, '  # Whitelisted: never spam.', `} elsif ${spamBranch} {`);
    } else {
      body.push(`if ${spamBranch} {`);
    }
    body.push(...spamAction(spam.handling, context.spamFolder, requires).map((line) => `  ${line}`), '}');
  }

  const enabledFilters = filters.filter((rule) => rule.enabled);
  if (enabledFilters.length) {
    // After the spam rules: spam has stopped by now, so no rule ever rescues
    // it (only the whitelist does, which lets mail through to here). Before
    // the auto-reply: a rule's "Stop" also keeps it from being answered.
    body.push('# Filters (Settings: Filters), in order.');
    enabledFilters.forEach((rule) => body.push(...filterRule(rule, context.trashFolder, requires)));
  }

  if (autoreply.enabled) {
    requires.add('vacation');
    const conditions = [
      // Never answer mailing lists or bulk mail (vacation itself already skips
      // Auto-Submitted mail, mailer-daemons and mail not addressed to the user).
      'not exists "list-id"',
      'not header :comparator "i;ascii-casemap" :is "precedence" ["bulk", "list", "junk"]',
    ];
    if (autoreply.endDate) {
      requires.add('date').add('relational');
      conditions.push(`currentdate :value "le" "date" ${quote(autoreply.endDate)}`);
    }
    const subject = autoreply.subject ? `:subject ${quote(autoreply.subject)} ` : '';
    body.push(
      '# Auto-reply: at most one reply per sender every few days.',
      `if allof (${conditions.join(',\n           ')}) {`,
      `  vacation :days ${AUTOREPLY_DAYS} ${subject}${quote(autoreply.message)};`,
      '}',
    );
  }

  if (includeScript) {
    requires.add('include');
    // :optional: if the user deletes that script later, Tern's still compiles.
    body.push('# The script that was active before Tern\'s, kept running.', `include :personal :optional ${quote(includeScript)};`);
  }

  const stored = Buffer.from(JSON.stringify({ antispam, autoreply, filters, includeScript })).toString('base64');
  return [
    '# Written by Tern (Settings: Anti-Spam, Filters, Auto-reply). Changes made here are replaced at the next save.',
    `${SETTINGS_MARKER}${stored}`,
    ...(requires.size ? [`require [${[...requires].sort().map(quote).join(', ')}];`] : []),
    '',
    ...body,
    '',
  ].join('\n');
}

/** The settings a script of ours was made from; null for any other script or one we cannot read. */
export function readSieveSettings(script: string): SieveSettings | null {
  const line = script.split('\n').find((candidate) => candidate.startsWith(SETTINGS_MARKER));
  if (!line) return null;
  try {
    const parsed = storedSettingsSchema.safeParse(JSON.parse(Buffer.from(line.slice(SETTINGS_MARKER.length), 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

interface SpamRules {
  sensitivity: number;
  handling: SpamHandling;
  whitelist: string[];
  blacklist: string[];
}

function effectiveSpamRules(antispam: AntispamSettings, defaults: SpamDefaults): SpamRules | null {
  switch (antispam.mode) {
    case 'disable':
      return null;
    case 'global':
      // Whitelist and blacklist are "Custom only" (SPEC §7).
      return { ...defaults, whitelist: [], blacklist: [] };
    case 'custom':
      return antispam;
  }
}

/**
 * spamtestplus's percentage is ten times the scanner's score with
 * sieve_spamtest_max_value = 10 (scripts/stack/templates/dovecot.conf), so
 * "score >= N" is "percent >= N*10"; an untested message reads 0.
 */
function spamScoreTest(sensitivity: number): string {
  return `spamtest :percent :value "ge" :comparator "i;ascii-numeric" ${quote(String(sensitivity * 10))}`;
}

function spamAction(handling: SpamHandling, spamFolder: string, requires: Set<string>): string[] {
  switch (handling) {
    case 'mark':
      requires.add('imap4flags');
      return ['addflag "$Junk";', 'keep;', 'stop;'];
    case 'move':
      // :create: a user who deleted the folder by hand still gets spam out of the Inbox.
      requires.add('fileinto').add('mailbox');
      return [`fileinto :create ${quote(spamFolder)};`, 'stop;'];
    case 'purge':
      return ['discard;', 'stop;'];
  }
}

/**
 * One rule as `if <test> { <actions> }`. From and To compare the whole header
 * for "contains" (a name or an address), the address itself for "is" and
 * "matches". A move has no `:create`: a folder deleted since the save makes
 * `fileinto` fail, and the server then keeps the message in the Inbox.
 */
function filterRule(rule: FilterRule, trashFolder: string, requires: Set<string>): string[] {
  const actions: string[] = [];
  const flags = [...(rule.markRead ? ['\\Seen'] : []), ...(rule.flag ? ['\\Flagged'] : [])];
  if (flags.length) {
    // Before any fileinto: the flags go with the message wherever it is filed.
    requires.add('imap4flags');
    actions.push(`addflag ${stringList(flags)};`);
  }
  if (rule.forwardTo) {
    requires.add('copy');
    actions.push(`redirect :copy ${quote(rule.forwardTo)};`);
  }
  if (rule.moveTo) {
    requires.add('fileinto');
    actions.push(`fileinto ${quote(rule.moveTo)};`);
  }
  if (rule.delete) {
    requires.add('fileinto').add('mailbox');
    actions.push(`fileinto :create ${quote(trashFolder)};`);
  }
  if (rule.stop) actions.push('stop;');
  return [`if ${filterTest(rule)} {`, ...actions.map((line) => `  ${line}`), '}'];
}

function filterTest({ field, header, match, value }: FilterRule): string {
  const comparator = `:comparator "i;ascii-casemap" :${match}`;
  switch (field) {
    case 'subject':
      return `header ${comparator} "subject" ${quote(value)}`;
    case 'header':
      return `header ${comparator} ${quote(header)} ${quote(value)}`;
    case 'from':
    case 'to': {
      const headers = field === 'from' ? '"from"' : '["to", "cc"]';
      return match === 'contains' ? `header ${comparator} ${headers} ${quote(value)}` : `address :all ${comparator} ${headers} ${quote(value)}`;
    }
  }
}

/** The envelope sender against the entries, case-insensitively: addresses exactly, `@domain` as `*@domain`. */
function senderTestList(entries: readonly string[]): string[] {
  const addresses = entries.filter((entry) => !entry.startsWith('@'));
  const domains = entries.filter((entry) => entry.startsWith('@')).map((entry) => `*${entry}`);
  const tests: string[] = [];
  if (addresses.length) tests.push(`envelope :comparator "i;ascii-casemap" :is "from" ${stringList(addresses)}`);
  if (domains.length) tests.push(`envelope :comparator "i;ascii-casemap" :matches "from" ${stringList(domains)}`);
  return tests;
}

function senderTest(entries: readonly string[]): string | null {
  const tests = senderTestList(entries);
  if (tests.length === 0) return null;
  return tests.length === 1 ? tests[0]! : `anyof (${tests.join(', ')})`;
}

function stringList(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

/**
 * An RFC 5228 quoted string: `\` and `"` escaped, nothing else special (no
 * "variables" extension is required, so `${…}` stays literal). List entries
 * are validated strictly before they get here (shared/api/antispam.ts); this
 * escaping is the second wall, and the only one for free text (auto-reply).
 */
export function quote(value: string): string {
  return `"${value.replace(/\r\n?/g, '\n').replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
