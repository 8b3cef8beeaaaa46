import { z } from './zod';
import { MAX_SENDER_LIST_ENTRIES } from '../limits';

// Per-user anti-spam settings (SPEC §7). The BFF turns them into the user's
// Sieve script; the mail server enforces them at delivery.

export const SPAM_MODES = ['global', 'custom', 'disable'] as const;
export type SpamMode = (typeof SPAM_MODES)[number];
export const SPAM_HANDLINGS = ['mark', 'move', 'purge'] as const;
export type SpamHandling = (typeof SPAM_HANDLINGS)[number];
export const MIN_SENSITIVITY = 1;
export const MAX_SENSITIVITY = 10;

/**
 * What a list entry may be: an address `user@domain.com` or a whole domain
 * `@domain.com`, lower-cased. Deliberately narrower than RFC 5321 (no quoted
 * local parts, no `"`, `\`, `*`, `?`, spaces): an entry becomes a Sieve string
 * and a `:matches` pattern, so anything that could change the script's meaning
 * is refused here, before escaping even matters.
 */
const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._%+=&'-]{0,63})$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isSenderEntry(entry: string): boolean {
  const at = entry.lastIndexOf('@');
  if (at < 0) return false;
  const local = entry.slice(0, at);
  const domain = entry.slice(at + 1);
  return (local === '' || LOCAL_PART.test(local)) && DOMAIN.test(domain);
}

export interface SenderLineProblem {
  /** 1-based, as the user sees the lines of the box. */
  line: number;
  message: string;
}

/** Blank lines are ignored; each other line must be one entry. */
export function senderLineProblems(lines: readonly string[]): SenderLineProblem[] {
  const problems: SenderLineProblem[] = [];
  lines.forEach((raw, index) => {
    const entry = raw.trim().toLowerCase();
    if (entry && !isSenderEntry(entry)) {
      problems.push({ line: index + 1, message: `Line ${index + 1}: "${truncate(raw.trim())}" is not an address (user@domain.com) or a domain (@domain.com).` });
    }
  });
  return problems;
}

/** Trimmed, lower-cased, blank lines dropped, duplicates folded (first one kept). */
export function foldSenderLines(lines: readonly string[]): string[] {
  return [...new Set(lines.map((line) => line.trim().toLowerCase()).filter(Boolean))];
}

export function tooManySendersMessage(count: number): string {
  return `Keep each list to ${MAX_SENDER_LIST_ENTRIES.toLocaleString('en-US')} entries (this one has ${count.toLocaleString('en-US')}).`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** One entry a line; issues carry the index of the line (path [..., index]) and say its number. */
export const senderListSchema = z
  .array(z.string().max(512, 'A line is too long.'))
  .max(MAX_SENDER_LIST_ENTRIES * 2, tooManySendersMessage(MAX_SENDER_LIST_ENTRIES * 2))
  .superRefine((lines, ctx) => {
    for (const problem of senderLineProblems(lines)) ctx.addIssue({ code: 'custom', path: [problem.line - 1], message: problem.message });
    const count = foldSenderLines(lines).length;
    if (count > MAX_SENDER_LIST_ENTRIES) ctx.addIssue({ code: 'custom', message: tooManySendersMessage(count) });
  })
  .transform(foldSenderLines);

export const antispamSettingsSchema = z
  .object({
    mode: z.enum(SPAM_MODES),
    sensitivity: z
      .number()
      .int()
      .min(MIN_SENSITIVITY, `Choose a sensitivity from ${MIN_SENSITIVITY} to ${MAX_SENSITIVITY}.`)
      .max(MAX_SENSITIVITY, `Choose a sensitivity from ${MIN_SENSITIVITY} to ${MAX_SENSITIVITY}.`),
    handling: z.enum(SPAM_HANDLINGS),
    whitelist: senderListSchema,
    blacklist: senderListSchema,
  })
  .superRefine((settings, ctx) => {
    const blocked = new Set(settings.blacklist);
    const both = settings.whitelist.find((entry) => blocked.has(entry));
    if (both) ctx.addIssue({ code: 'custom', path: ['blacklist'], message: `${both} is on both lists; keep it on one.` });
  });
export type AntispamSettings = z.output<typeof antispamSettingsSchema>;

export const DEFAULT_ANTISPAM: AntispamSettings = { mode: 'global', sensitivity: 5, handling: 'mark', whitelist: [], blacklist: [] };

/** The operator's defaults behind "Global Site Settings" (the BFF's configuration). */
export const spamDefaultsSchema = z.object({
  sensitivity: z.number().int().min(MIN_SENSITIVITY).max(MAX_SENSITIVITY),
  handling: z.enum(SPAM_HANDLINGS),
});
export type SpamDefaults = z.infer<typeof spamDefaultsSchema>;

export const antispamResponseSchema = z.object({
  settings: antispamSettingsSchema,
  globalDefaults: spamDefaultsSchema,
  /** False until Tern's script is active on the mail server (never saved, or another script took over). */
  inForce: z.boolean(),
  /** The settings' version as read: a save names it (If-Match), so a change made elsewhere meanwhile is never overwritten unseen. */
  version: z.string(),
});
export type AntispamResponse = z.infer<typeof antispamResponseSchema>;

export const ANTISPAM_CHANGED_TEXT =
  'The anti-spam settings were changed elsewhere (another tab or device) after you opened them, so nothing was saved. The lists now hold your edits; save again to replace the other change, or reload the page to see it.';
