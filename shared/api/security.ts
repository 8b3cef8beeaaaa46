import { z } from './zod';
import { MAX_PASSWORD_LENGTH } from '../limits';

/** Settings → "Security" (issue 18): one signed-in session as its list shows it. */
export const signedInDeviceSchema = z.object({
  /** The session's id in the store (a hash of its cookie token: knowing it signs nobody in). */
  id: z.string(),
  /** "Chrome 120", or "Unknown browser". */
  browser: z.string(),
  /** "Linux", "iOS 17.2", or "Unknown system". */
  os: z.string(),
  /** The address it signed in from. */
  address: z.string(),
  signedInAt: z.number(),
  lastActiveAt: z.number(),
  /** The session this list was asked from. */
  current: z.boolean(),
});
export type SignedInDevice = z.infer<typeof signedInDeviceSchema>;

export const signedInDevicesSchema = z.object({ devices: z.array(signedInDeviceSchema) });
export type SignedInDevices = z.infer<typeof signedInDevicesSchema>;

export const securitySettingsSchema = z.object({
  /** A sign-in from a browser this account has not used lately sends the user a mail. */
  signInNotice: z.boolean(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const securitySettingsUpdateSchema = securitySettingsSchema.strict();

/** Ten one-time recovery codes, shown once when two-step sign-in is turned on. */
export const RECOVERY_CODE_COUNT = 10;

export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  /** TERN_REQUIRE_2FA: it cannot be turned off. */
  required: z.boolean(),
  recoveryCodesLeft: z.number(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const totpSetupSchema = z.object({
  /** Base32, for typing into the app. */
  secret: z.string(),
  /** otpauth:// URI, what the QR code holds. */
  uri: z.string(),
  /** A PNG data: URL of the QR code. */
  qrCode: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetupSchema>;

export const codeRequestSchema = z.object({ code: z.string().trim().min(1, 'Enter the code.').max(40) });
export type CodeRequest = z.infer<typeof codeRequestSchema>;

export const totpEnabledSchema = z.object({
  recoveryCodes: z.array(z.string()),
  /** Set when this finished a sign-in (TERN_REQUIRE_2FA): the new session's CSRF token. */
  session: z.object({ email: z.string(), csrfToken: z.string() }).optional(),
});
export type TotpEnabled = z.infer<typeof totpEnabledSchema>;

/** App passwords one account may hold: each /dav/ check tries them in turn (scrypt), so not too many. */
export const MAX_APP_PASSWORDS = 20;

export const appPasswordSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type AppPassword = z.infer<typeof appPasswordSchema>;

export const appPasswordsSchema = z.object({
  appPasswords: z.array(appPasswordSchema),
  /** With TERN_DAV_AUTH=basic the DAV server checks the mail password itself: app passwords cannot be offered. */
  available: z.boolean(),
});
export type AppPasswords = z.infer<typeof appPasswordsSchema>;

/** What opens or weakens access (an app password, removing a passkey, new recovery codes) is confirmed with the current password. */
export const currentPasswordSchema = z.string().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH);

export const newAppPasswordRequestSchema = z.object({
  name: z.string().trim().min(1, 'Name the app or device, like "Phone contacts".').max(100, 'Keep the name under 100 characters.'),
  password: currentPasswordSchema,
});

/** The password itself is in this answer only: shown once. */
export const createdAppPasswordSchema = appPasswordSchema.extend({ password: z.string(), login: z.string() });
export type CreatedAppPassword = z.infer<typeof createdAppPasswordSchema>;

/** Passkeys one account may hold (each is offered to the browser at every sign-in). */
export const MAX_PASSKEYS = 20;

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export const passkeysSchema = z.object({ passkeys: z.array(passkeySchema) });
export type Passkeys = z.infer<typeof passkeysSchema>;

export const passkeyNameSchema = z.string().trim().min(1, 'Name the passkey, like "Laptop" or "Phone".').max(100, 'Keep the name under 100 characters.');

/** What the browser's WebAuthn call answered, base64url-encoded by @simplewebauthn/browser; checked in full by @simplewebauthn/server. */
const base64url = z.string().max(20_000).regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');
const credentialBase = {
  id: base64url.max(1400),
  rawId: base64url.max(1400),
  type: z.literal('public-key'),
  clientExtensionResults: z.object({}).passthrough(),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const registrationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(30)).max(10).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: base64url.optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const newPasskeyRequestSchema = z.object({ name: passkeyNameSchema, response: registrationResponseSchema });
export const renamePasskeyRequestSchema = z.object({ name: passkeyNameSchema });
export const passkeySignInRequestSchema = z.object({ response: authenticationResponseSchema });

export const passkeyAddedSchema = z.object({
  passkey: passkeySchema,
  /** The account's first second step: its ten recovery codes, shown once. */
  recoveryCodes: z.array(z.string()).optional(),
  /** Set when this finished a sign-in (TERN_REQUIRE_2FA). */
  session: z.object({ email: z.string(), csrfToken: z.string() }).optional(),
});
export type PasskeyAdded = z.infer<typeof passkeyAddedSchema>;

/** New recovery codes replace all the old ones; the current password confirms it is the user. */
export const regenerateRecoveryCodesRequestSchema = z.object({ password: currentPasswordSchema });
export const removePasskeyRequestSchema = z.object({ password: currentPasswordSchema });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesAnswer = z.infer<typeof recoveryCodesSchema>;
