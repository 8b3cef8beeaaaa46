import { z } from './zod';
import { FILTER_APPLY_WINDOW, MAX_FILTER_RULES, MAX_FILTER_VALUE_LENGTH, MAX_FORWARDING_RULES } from '../limits';
import { isSenderEntry } from './antispam';

// "Filters" (issue 17): ordered rules the mail server runs at delivery, in the
// same Sieve script as anti-spam and auto-reply.

export const FILTER_FIELDS = ['from', 'to', 'subject', 'header'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
/** "matches": `*` any text, `?` one character (Sieve :matches); From and To compare the address itself for "is" and "matches". */
export const FILTER_MATCHES = ['contains', 'is', 'matches'] as const;
export type FilterMatch = (typeof FILTER_MATCHES)[number];

export const filterRuleSchema = z.object({
  enabled: z.boolean(),
  field: z.enum(FILTER_FIELDS),
  /** The header's name when `field` is "header" (e.g. List-Id); empty otherwise. */
  header: z.string().trim().max(200),
  match: z.enum(FILTER_MATCHES),
  value: z.string().trim().max(MAX_FILTER_VALUE_LENGTH * 2),
  /** Folder path to move to; empty: not moved. */
  moveTo: z.string().max(1000),
  markRead: z.boolean(),
  flag: z.boolean(),
  /** Address to forward a copy to; empty: not forwarded. */
  forwardTo: z.string().trim().toLowerCase().max(1000),
  /** Moves to Trash (never discards: a wrong rule must not lose mail). */
  delete: z.boolean(),
  /** No later rule runs for this message, nor the auto-reply. */
  stop: z.boolean(),
});
export type FilterRule = z.infer<typeof filterRuleSchema>;

export const NEW_FILTER_RULE: FilterRule = {
  enabled: true,
  field: 'from',
  header: '',
  match: 'contains',
  value: '',
  moveTo: '',
  markRead: false,
  flag: false,
  forwardTo: '',
  delete: false,
  stop: false,
};

/** RFC 5322 field names, narrowed to what real headers use: a name becomes a Sieve string and an IMAP SEARCH argument. */
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,75}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface FilterRuleProblem {
  /** The rule's field the problem is about (a key of FilterRule). */
  field: keyof FilterRule;
  message: string;
}

/** What is wrong with one rule, each message naming it by its number as the user sees it. */
export function filterRuleProblems(rule: FilterRule, index: number): FilterRuleProblem[] {
  const name = `Rule ${index + 1}`;
  const problems: FilterRuleProblem[] = [];
  if (rule.field === 'header' && !HEADER_NAME.test(rule.header)) {
    problems.push({
      field: 'header',
      message: rule.header ? `${name}: "${truncate(rule.header)}" is not a header name (letters, digits and hyphens, like List-Id).` : `${name}: name the header to look at.`,
    });
  }
  if (!rule.value) problems.push({ field: 'value', message: `${name}: type the text to look for.` });
  else if ([...rule.value].length > MAX_FILTER_VALUE_LENGTH) problems.push({ field: 'value', message: `${name}: keep the text to look for to ${MAX_FILTER_VALUE_LENGTH} characters.` });
  else if (CONTROL.test(rule.value)) problems.push({ field: 'value', message: `${name}: the text to look for must be one line of text.` });
  if (rule.moveTo && CONTROL.test(rule.moveTo)) problems.push({ field: 'moveTo', message: `${name}: the folder "${truncate(rule.moveTo)}" does not exist.` });
  if (rule.moveTo && rule.delete) problems.push({ field: 'delete', message: `${name}: choose either "Move to folder" or "Delete", not both.` });
  if (rule.forwardTo && !isForwardAddress(rule.forwardTo)) {
    problems.push({ field: 'forwardTo', message: `${name}: "${truncate(rule.forwardTo)}" is not an email address to forward to.` });
  }
  if (!rule.moveTo && !rule.markRead && !rule.flag && !rule.forwardTo && !rule.delete && !rule.stop) {
    problems.push({ field: 'moveTo', message: `${name}: choose what to do with matching mail.` });
  }
  return problems;
}

function isForwardAddress(address: string): boolean {
  return !address.startsWith('@') && isSenderEntry(address);
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export const filtersSettingsSchema = z
  .array(filterRuleSchema)
  .max(MAX_FILTER_RULES, `Keep to ${MAX_FILTER_RULES} rules.`)
  .superRefine((rules, ctx) => {
    rules.forEach((rule, index) => {
      for (const problem of filterRuleProblems(rule, index)) ctx.addIssue({ code: 'custom', path: [index, problem.field], message: problem.message });
    });
    const forwarding = rules.flatMap((rule, index) => (rule.enabled && rule.forwardTo ? [index] : []));
    for (const index of forwarding.slice(MAX_FORWARDING_RULES)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'forwardTo'],
        message: `Rule ${index + 1}: only one rule may forward mail (rule ${forwarding[0]! + 1} does already): the mail server forwards a message once at most.`,
      });
    }
  });
export type FilterRules = z.infer<typeof filtersSettingsSchema>;

export const filtersResponseSchema = z.object({
  rules: z.array(filterRuleSchema),
  /** The rules' version as read: a save names it (If-Match), so a change made elsewhere meanwhile is never overwritten unseen. */
  version: z.string(),
});
export type FiltersResponse = z.infer<typeof filtersResponseSchema>;

/** The message "Create filter" starts from. */
export const filterFromMessageQuerySchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uid: z.coerce.number().int().positive(),
});

/** "Apply to this folder now": one window of the folder per request, from the UID after `after`. */
export const applyFilterRequestSchema = z.object({
  rule: filterRuleSchema,
  folder: z.string().min(1, 'Choose a folder.'),
  after: z.number().int().nonnegative().default(0),
});
export type ApplyFilterRequest = z.input<typeof applyFilterRequestSchema>;

export const applyFilterResultSchema = z.object({
  /** Messages looked at by this request (at most FILTER_APPLY_WINDOW). */
  looked: z.number().int().nonnegative().max(FILTER_APPLY_WINDOW),
  /** Of those, the ones the rule matched (and acted on). */
  matched: z.number().int().nonnegative(),
  /** Messages of the folder still to look at after this window. */
  remaining: z.number().int().nonnegative(),
  /** `after` for the next request; null when the whole folder is done. */
  next: z.number().int().nonnegative().nullable(),
});
export type ApplyFilterResult = z.infer<typeof applyFilterResultSchema>;

export const FILTERS_CHANGED_TEXT =
  'The filters were changed elsewhere (another tab or device) after you started editing them, so nothing was saved. Your edits are still here: save again to replace the other change, or reload the page to see it.';
