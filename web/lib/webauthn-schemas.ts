import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { z } from 'zod';

// Imported only by loading this module: zod stays a static import everywhere,
// which the bundler can shake (a dynamic import('zod') kept all of zod, its
// JSON Schema converters and every locale, in the first load; issue 14).

/** The BFF's options are handed to the browser as they are: @simplewebauthn/server made them, the browser checks them. */
export const creationOptionsSchema = z.custom<PublicKeyCredentialCreationOptionsJSON>(
  (value) => typeof value === 'object' && value !== null && 'challenge' in value && 'user' in value,
);
export const requestOptionsSchema = z.custom<PublicKeyCredentialRequestOptionsJSON>((value) => typeof value === 'object' && value !== null && 'challenge' in value);
