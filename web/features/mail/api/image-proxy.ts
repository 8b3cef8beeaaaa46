import { useQuery } from '@tanstack/react-query';
import { MAX_SIGNED_IMAGES, signedImagesSchema, type SignedImages } from '../../../../shared/api/image-proxy';
import { request } from '../../../lib/api-client';

/** The image proxy's addresses for a message's remote images (the BFF signs them for this account), and the ones it refused as trackers. */
export function signImages(urls: string[], signal?: AbortSignal): Promise<SignedImages> {
  return request('/api/image-proxy/sign', { method: 'POST', body: { urls }, schema: signedImagesSchema, signal });
}

/** Asked when a message with remote images shows (nothing reaches the sender); the same images are signed once per page life. */
export function useSignedImages(urls: string[]) {
  return useQuery({
    queryKey: ['image-proxy', urls] as const,
    queryFn: ({ signal }) => signImages(urls.slice(0, MAX_SIGNED_IMAGES), signal),
    enabled: urls.length > 0,
    staleTime: Infinity,
  });
}
