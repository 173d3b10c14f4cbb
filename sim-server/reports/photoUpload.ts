// A resident's upload, read in a worker (never on the alarm path's loop): the multipart form parsed by
// Node's own fetch (undici), the photo checked to be an image by its bytes (not by its name or the type
// the phone claims), and given its own random name; the caller stores it (reports/photoStore.ts).
import { randomUUID } from 'node:crypto';
import { imageSize } from 'image-size';
import { REPORT_PHOTO_MAX_BYTES, REPORT_PHOTO_TYPES, type ReportPhoto } from '../../twin-assets/reports';

export type PhotoUpload =
  | { ok: true; fields: Record<string, string>; photo: ReportPhoto; data: Uint8Array }
  | { ok: false; status: 400 | 413 | 415; reason: string };

const MAX_FIELDS = 20;

export async function readPhotoUpload(body: Uint8Array, contentType: string): Promise<PhotoUpload> {
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) return { ok: false, status: 415, reason: 'send the report as multipart/form-data (a form with a "photo" file)' };
  let form: FormData;
  try {
    form = await new Response(body as unknown as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false, status: 400, reason: 'the form cannot be read (a broken multipart body)' };
  }
  const fields: Record<string, string> = {};
  let file: File | null = null;
  let count = 0;
  for (const [name, value] of form.entries()) {
    if (++count > MAX_FIELDS) return { ok: false, status: 400, reason: `the form has more than ${MAX_FIELDS} fields` };
    if (typeof value === 'string') fields[name] = value;
    else if (name === 'photo') file = value;
  }
  if (!file) return { ok: false, status: 400, reason: 'the form needs a "photo" file' };
  if (file.size > REPORT_PHOTO_MAX_BYTES) return { ok: false, status: 413, reason: `the photo is ${(file.size / 2 ** 20).toFixed(1)} MB; at most ${REPORT_PHOTO_MAX_BYTES / 2 ** 20} MB` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let size: { width?: number; height?: number; type?: string };
  try { size = imageSize(bytes); } catch { return { ok: false, status: 415, reason: 'the photo is not an image (JPEG, PNG, WebP, HEIC, AVIF or GIF)' }; }
  const type = size.type ?? '';
  if (!(REPORT_PHOTO_TYPES as readonly string[]).includes(type)) return { ok: false, status: 415, reason: `a ${type || 'file of that kind'} is not taken: send a JPEG, PNG, WebP, HEIC, AVIF or GIF photo` };
  if (!size.width || !size.height) return { ok: false, status: 415, reason: 'the photo has no size (a broken image)' };
  const name = `${randomUUID()}.${type === 'jpg' ? 'jpg' : type}`;
  return { ok: true, fields, photo: { file: name, type, width: size.width, height: size.height, bytes: bytes.length }, data: bytes };
}

export const PHOTO_MEDIA_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', gif: 'image/gif' };
