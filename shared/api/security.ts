import { z } from 'zod';

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
