import { addressParser, decodeWords } from 'postal-mime';
import type { Address } from 'postal-mime';
import type { FilterRule } from '../../shared/api/filters';

// A rule's test evaluated in the BFF, for "Apply to this folder now": the same
// meaning as the Sieve the mail server runs at delivery (sieve-script.ts), so
// a rule does to old mail what it does to new. The IMAP server's SEARCH only
// narrows the candidates (with a full-text index it may match more loosely).

/** The header names a rule reads. */
export function headersOf(rule: Pick<FilterRule, 'field' | 'header'>): string[] {
  switch (rule.field) {
    case 'from':
      return ['from'];
    case 'to':
      return ['to', 'cc'];
    case 'subject':
      return ['subject'];
    case 'header':
      return [rule.header.toLowerCase()];
  }
}

/** Does the rule's test hold for a message with this header block (raw RFC 5322 header lines)? */
export function ruleMatches(rule: FilterRule, headerBlock: string): boolean {
  const wanted = new Set(headersOf(rule));
  const values = parseHeaderBlock(headerBlock)
    .filter(({ key }) => wanted.has(key))
    .map(({ value }) => value);
  const compare = comparison(rule.match, rule.value);
  // From and To: "is" and "matches" compare each address (Sieve `address :all`), "contains" the whole header.
  if ((rule.field === 'from' || rule.field === 'to') && rule.match !== 'contains') {
    return values.flatMap(addressesIn).some(compare);
  }
  return values.some(compare);
}

/** Unfolded header fields, names lower-cased, values with RFC 2047 encoded words decoded (as Sieve's `header` test sees them). */
export function parseHeaderBlock(block: string): Array<{ key: string; value: string }> {
  const fields: Array<{ key: string; value: string }> = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length) {
      fields[fields.length - 1]!.value += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) });
  }
  return fields.map(({ key, value }) => ({ key, value: decodeWords(value.trim()) }));
}

function addressesIn(value: string): string[] {
  const flatten = (entries: Address[]): string[] => entries.flatMap((entry) => ('group' in entry && entry.group ? flatten(entry.group) : entry.address ? [entry.address] : []));
  return flatten(addressParser(value));
}

/** Sieve's "i;ascii-casemap": only ASCII letters fold. */
function asciiFold(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}

function comparison(match: FilterRule['match'], value: string): (candidate: string) => boolean {
  const key = asciiFold(value);
  switch (match) {
    case 'contains':
      return (candidate) => asciiFold(candidate).includes(key);
    case 'is':
      return (candidate) => asciiFold(candidate) === key;
    case 'matches': {
      const pattern = globToRegExp(key);
      return (candidate) => pattern.test(asciiFold(candidate));
    }
  }
}

/** RFC 5228 :matches: `*` any run, `?` one character, `\` makes the next one literal. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '\\' && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'su');
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The text an IMAP SEARCH can look for to narrow a rule's candidates: the
 * value itself, or for "matches" its longest run without wildcards; empty
 * when the pattern has none (every message is a candidate).
 */
export function searchTextOf(rule: Pick<FilterRule, 'match' | 'value'>): string {
  if (rule.match !== 'matches') return rule.value;
  const runs: string[] = [''];
  for (let i = 0; i < rule.value.length; i++) {
    const char = rule.value[i]!;
    if (char === '\\' && i + 1 < rule.value.length) runs[runs.length - 1] += rule.value[++i]!;
    else if (char === '*' || char === '?') runs.push('');
    else runs[runs.length - 1] += char;
  }
  return runs.reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}
