import { useQuery } from '@tanstack/react-query';
import { MAX_SIGNED_IMAGES, signedImagesSchema } from '../../../../shared/api/image-proxy';
import { request } from '../../../lib/api-client';

/** The image proxy's addresses for a message's remote images (the BFF signs them for this account). */
export function signImages(urls: string[], signal?: AbortSignal): Promise<Record<string, string>> {
  return request('/api/image-proxy/sign', { method: 'POST', body: { urls }, schema: signedImagesSchema, signal }).then((answer) => answer.urls);
}

/** Asked only once remote content is allowed for the message; the same images are signed once per page life. */
export function useSignedImages(urls: string[], enabled: boolean) {
  return useQuery({
    queryKey: ['image-proxy', urls] as const,
    queryFn: ({ signal }) => signImages(urls.slice(0, MAX_SIGNED_IMAGES), signal),
    enabled: enabled && urls.length > 0,
    staleTime: Infinity,
  });
}
