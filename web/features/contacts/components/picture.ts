import { PHOTO_MAX_BYTES } from '../../../../shared/api/contacts';
import { t } from '../i18n';

/** The thumbnail's longest side in pixels. */
const THUMBNAIL_SIZE = 256;

/** Image types by their first bytes: a file's name and declared type are not trusted. Hand-written: four fixed signatures. */
export function sniffImageType(bytes: Uint8Array): 'png' | 'jpeg' | 'gif' | 'webp' | null {
  const starts = (signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

export class PictureError extends Error {}

/** Checks the file (an image by its bytes, at most 1 MB) and returns its bytes' type; throws a PictureError to show. */
export async function checkPicture(file: File): Promise<'png' | 'jpeg' | 'gif' | 'webp'> {
  if (file.size > PHOTO_MAX_BYTES) throw new PictureError(t('The picture is larger than 1 MB. Choose a smaller one.'));
  const type = sniffImageType(await firstBytes(file, 16));
  if (!type) throw new PictureError(t('This file is not a picture. Choose a PNG, JPEG, GIF or WebP image.'));
  return type;
}

/** Scales the picture in the browser to a JPEG thumbnail, returned as a data URL. */
export async function thumbnailOf(file: File): Promise<string> {
  await checkPicture(file);
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new PictureError(t('This browser cannot scale pictures.'));
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.85);
}

/** FileReader rather than Blob.arrayBuffer(): the same in every browser and in jsdom. */
function firstBytes(file: File, count: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsArrayBuffer(file.slice(0, count));
  });
}
