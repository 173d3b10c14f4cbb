// What an IoT platform's HTTP push says, once its own format is read (onenetPush.ts, ctwingPush.ts,
// webhookPush.ts): a device's uplink, its status, or its answer to a command, with the identities the platform
// names it by and a key that is the same when the platform sends the same message again (its retries, a replay).
// The kind's reader checks the request's signature first: nothing unsigned is read further. Pure.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SourceRefusal, Uplink } from './sourceDevices';

interface Named {
  /** The same for a message sent again (retries and replays are refused as duplicates). */
  key: string;
  /** The identities the platform gives (IMEI, platform device id…), tried in order against `externalId`. */
  identities: string[];
  /** Where at the platform it came from (product, tenant), for the unknown-identity list. */
  where: string;
  /** The platform's time of the message (ms), or null. */
  at: number | null;
  /** The id the platform's command API addresses the device by, when it may differ from its externalId. */
  address?: string;
}
export type PushMessage = Named & (
  | { kind: 'uplink'; up: Uplink; seq: number | null }
  | { kind: 'status'; online: boolean; battery: number | null }
  | { kind: 'answer'; commandId: string; ok: boolean; result: string }
);
/** One message of a batch that cannot be read (the rest are). */
export interface BadMessage { kind: 'bad'; reason: SourceRefusal; detail: string }

/** A push refused whole: an HTTP status for the platform and a reason for the counters. */
export interface PushRefused { ok: false; status: 400 | 401 | 413; reason: SourceRefusal; detail: string }
export type PushRead = { ok: true; messages: (PushMessage | BadMessage)[] } | PushRefused;

/** The request as a push reader needs it. */
export interface PushRequest { body: Buffer; query: URLSearchParams; header(name: string): string | undefined }

export const MAX_PUSH_BYTES = 256 * 1024;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const refused = (status: PushRefused['status'], reason: SourceRefusal, detail: string): PushRefused => ({ ok: false, status, reason, detail });
export const bad = (detail: string): BadMessage => ({ kind: 'bad', reason: 'bad_shape', detail });

/** Equal strings, compared in constant time (a signature must not leak through timing). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The request's JSON body, or why not. */
export function jsonBody(req: PushRequest): { ok: true; value: unknown; text: string } | PushRefused {
  if (req.body.length > MAX_PUSH_BYTES) return refused(413, 'oversized', `a push is at most ${MAX_PUSH_BYTES / 1024} KiB, this one ${Math.ceil(req.body.length / 1024)} KiB`);
  const text = req.body.toString('utf8');
  try { return { ok: true, value: JSON.parse(text), text }; } catch (e) { return refused(400, 'not_parseable', `the body is not JSON: ${(e as Error).message.slice(0, 120)}`); }
}

/** A platform's time: epoch ms as a number or digits, or an ISO 8601 string. */
export function timeOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v);
  if (typeof v === 'string' && /^\d{10,16}$/.test(v)) return Number(v);
  if (typeof v === 'string') { const t = Date.parse(v); return Number.isFinite(t) ? t : null; }
  return null;
}

/** A content key for platforms whose messages carry no id of their own. */
export const keyOf = (...parts: unknown[]) => createHash('sha1').update(JSON.stringify(parts)).digest('base64url');

export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes from hex ("0a1B…") or base64, or null when the text is neither. */
export function bytesOf(text: string, encoding: 'hex' | 'base64'): Uint8Array | null {
  if (encoding === 'hex') return /^([0-9a-fA-F]{2})*$/.test(text) ? Uint8Array.from(Buffer.from(text, 'hex')) : null;
  return BASE64.test(text) && text.length % 4 === 0 ? Uint8Array.from(Buffer.from(text, 'base64')) : null;
}
