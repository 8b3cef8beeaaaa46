import type { z } from 'zod';
import { deleteRequestSchema, moveRequestSchema, setFlagsRequestSchema, spamRequestSchema, createFolderRequestSchema, updateFolderRequestSchema } from '../../shared/api/actions';
import { antispamSettingsSchema } from '../../shared/api/antispam';
import { autoreplySettingsSchema } from '../../shared/api/autoreply';
import { calendarInputSchema, createEventRequestSchema, importRequestSchema as calendarImportSchema, invitationActionSchema, updateEventRequestSchema } from '../../shared/api/calendar';
import { saveDraftRequestSchema, sendRequestSchema } from '../../shared/api/compose';
import {
  bookRequestSchema,
  createContactRequestSchema,
  groupRequestSchema,
  importRequestSchema as contactsImportSchema,
  updateContactRequestSchema,
  updateGroupRequestSchema,
} from '../../shared/api/contacts';
import { applyFilterRequestSchema, filtersSettingsSchema } from '../../shared/api/filters';
import { signImagesRequestSchema } from '../../shared/api/image-proxy';
import { setSeenRequestSchema } from '../../shared/api/messages';
import { changePasswordSchema } from '../../shared/api/password';
import { preferencesSchema } from '../../shared/api/preferences';
import {
  codeRequestSchema,
  newAppPasswordRequestSchema,
  newPasskeyRequestSchema,
  passkeySignInRequestSchema,
  regenerateRecoveryCodesRequestSchema,
  renamePasskeyRequestSchema,
  removePasskeyRequestSchema,
  securitySettingsUpdateSchema,
} from '../../shared/api/security';
import { signInRequestSchema } from '../../shared/api/session';
import { snoozeRequestSchema, unsnoozeRequestSchema } from '../../shared/api/snooze';
import { unsubscribeRequestSchema } from '../../shared/api/unsubscribe';
import { errorBodySchema } from '../../shared/error-body';

/**
 * What the BFF accepts, per route: the same shared schemas its routes parse
 * with (server/routes/). The UI fake checks every request body the SPA sends
 * against them, and every error it answers against the error shape, so a
 * change of the API that the SPA did not follow fails the UI tests (the SPA
 * itself checks each JSON answer with the shared schemas: web/lib/api-client.ts).
 */
const SEGMENT = '[^/]+';
const REQUEST_BODIES: Array<[method: string, path: RegExp, schema: z.ZodType]> = [
  ['POST', /^\/api\/session$/, signInRequestSchema],
  ...Object.entries(preferencesSchema.shape).map(([section, schema]): [string, RegExp, z.ZodType] => ['PUT', new RegExp(`^/api/preferences/${section}$`), schema]),
  ['POST', /^\/api\/unsubscribe$/, unsubscribeRequestSchema],
  ['POST', /^\/api\/snoozes$/, snoozeRequestSchema],
  ['POST', /^\/api\/session\/second-step$/, codeRequestSchema],
  ['POST', /^\/api\/two-factor\/(enable|disable)$/, codeRequestSchema],
  ['POST', /^\/api\/security\/app-passwords$/, newAppPasswordRequestSchema],
  ['POST', /^\/api\/two-factor\/passkeys$/, newPasskeyRequestSchema],
  ['PATCH', new RegExp(`^/api/two-factor/passkeys/${SEGMENT}$`), renamePasskeyRequestSchema],
  ['DELETE', new RegExp(`^/api/two-factor/passkeys/${SEGMENT}$`), removePasskeyRequestSchema],
  ['POST', /^\/api\/two-factor\/recovery-codes$/, regenerateRecoveryCodesRequestSchema],
  ['POST', /^\/api\/session\/passkey$/, passkeySignInRequestSchema],
  ['PUT', /^\/api\/security\/settings$/, securitySettingsUpdateSchema],
  ['POST', /^\/api\/snoozes\/unsnooze$/, unsnoozeRequestSchema],
  ['POST', /^\/api\/image-proxy\/sign$/, signImagesRequestSchema],
  ['POST', /^\/api\/messages\/seen$/, setSeenRequestSchema],
  ['POST', /^\/api\/messages\/flags$/, setFlagsRequestSchema],
  ['POST', /^\/api\/messages\/move$/, moveRequestSchema],
  ['POST', /^\/api\/messages\/delete$/, deleteRequestSchema],
  ['POST', /^\/api\/messages\/(not-)?spam$/, spamRequestSchema],
  ['POST', /^\/api\/folders$/, createFolderRequestSchema],
  ['PATCH', /^\/api\/folders$/, updateFolderRequestSchema],
  ['POST', /^\/api\/compose\/send$/, sendRequestSchema],
  ['POST', /^\/api\/compose\/drafts$/, saveDraftRequestSchema],
  ['PUT', /^\/api\/settings\/antispam$/, antispamSettingsSchema],
  ['PUT', /^\/api\/settings\/autoreply$/, autoreplySettingsSchema],
  ['POST', /^\/api\/settings\/password$/, changePasswordSchema],
  ['PUT', /^\/api\/filters$/, filtersSettingsSchema],
  ['POST', /^\/api\/filters\/apply$/, applyFilterRequestSchema],
  ['POST', /^\/api\/invitations\/respond$/, invitationActionSchema],
  ['POST', /^\/api\/calendars$/, calendarInputSchema],
  ['PATCH', new RegExp(`^/api/calendars/${SEGMENT}$`), calendarInputSchema],
  ['POST', new RegExp(`^/api/calendars/${SEGMENT}/events$`), createEventRequestSchema],
  ['PUT', new RegExp(`^/api/calendars/${SEGMENT}/events/${SEGMENT}$`), updateEventRequestSchema],
  ['POST', new RegExp(`^/api/calendars/${SEGMENT}/import$`), calendarImportSchema],
  ['POST', /^\/api\/contacts\/books$/, bookRequestSchema],
  ['PATCH', new RegExp(`^/api/contacts/books/${SEGMENT}$`), bookRequestSchema],
  ['POST', new RegExp(`^/api/contacts/books/${SEGMENT}/contacts$`), createContactRequestSchema],
  ['PUT', new RegExp(`^/api/contacts/books/${SEGMENT}/contacts/${SEGMENT}$`), updateContactRequestSchema],
  ['POST', new RegExp(`^/api/contacts/books/${SEGMENT}/groups$`), groupRequestSchema],
  ['PUT', new RegExp(`^/api/contacts/books/${SEGMENT}/groups/${SEGMENT}$`), updateGroupRequestSchema],
  ['POST', new RegExp(`^/api/contacts/books/${SEGMENT}/import$`), contactsImportSchema],
];

/** Why this request body would not get past the BFF's route, or null. */
export function requestBodyProblem(method: string, path: string, body: unknown): string | null {
  if (body === undefined) return null;
  const entry = REQUEST_BODIES.find(([m, pattern]) => m === method && pattern.test(path));
  if (!entry) return `${method} ${path} sends a JSON body, but no BFF route takes one (add it to tests/ui/api-contract.ts if it is new)`;
  const parsed = entry[2].safeParse(body);
  return parsed.success ? null : `${method} ${path}: the BFF would refuse this body: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
}

/** Why this error answer is not the BFF's error shape with a catalogued code, or null. */
export async function errorAnswerProblem(method: string, path: string, response: Response): Promise<string | null> {
  if (response.ok || !response.headers.get('content-type')?.includes('json')) return null;
  const parsed = errorBodySchema.safeParse(await response.clone().json());
  return parsed.success ? null : `${method} ${path} answered ${response.status} with a body the BFF never sends: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
}
