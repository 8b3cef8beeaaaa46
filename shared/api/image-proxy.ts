import { z } from './zod';

/** Images of one message signed at once; a message with more shows the first ones. */
export const MAX_SIGNED_IMAGES = 500;

/** POST /api/image-proxy/sign: the remote image addresses of the message being shown. */
export const signImagesRequestSchema = z.object({
  urls: z.array(z.string().max(4096, 'An image address is at most 4,096 characters.')).max(MAX_SIGNED_IMAGES, `At most ${MAX_SIGNED_IMAGES} images at once.`),
});
export type SignImagesRequest = z.infer<typeof signImagesRequestSchema>;

/**
 * Each http(s) address that may be proxied → its same-origin proxy address.
 * `trackers`: the addresses refused as trackers, e.g. carrying the user's own
 * address hashed (MD5/SHA-1/SHA-256), which only the BFF can check; the pane
 * counts them with the trackers it found itself. Anything else is left out.
 */
export const signedImagesSchema = z.object({ urls: z.record(z.string(), z.string()), trackers: z.array(z.string()) });
export type SignedImages = z.infer<typeof signedImagesSchema>;
