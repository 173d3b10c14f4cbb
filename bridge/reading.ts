// Validates a decoded telemetry payload against the device catalog.
import { QUANTITIES, type DeviceType } from '../twin-assets/deviceCatalog';
import { reject, type Rejection } from './rejections';

export type ReadingValues = Record<string, number | boolean>;

export interface Reading {
  /** Device clock, or arrival time when the device sent none or an implausible one. */
  ts: number;
  tsSource: 'device' | 'arrival';
  seq: number | null;
  readings: ReadingValues;
}

/** A device clock further than this from ours is not trusted. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

export function validateReading(type: DeviceType, value: unknown, arrivalMs: number): { ok: true; reading: Reading } | Rejection {
  if (!isPlainObject(value)) return reject('bad_shape', 'payload must be an object with "readings"');
  const { ts, seq, readings } = value;
  if (ts !== undefined && ts !== null && (typeof ts !== 'number' || !Number.isFinite(ts))) return reject('wrong_type', '"ts" must be epoch milliseconds');
  if (seq !== undefined && seq !== null && (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)) return reject('wrong_type', '"seq" must be a non-negative integer');
  if (!isPlainObject(readings)) return reject('bad_shape', '"readings" must be an object of quantity → value');
  const keys = Object.keys(readings);
  if (keys.length === 0) return reject('bad_shape', '"readings" is empty');
  const catalog = QUANTITIES[type];
  const out: ReadingValues = {};
  for (const key of keys) {
    const spec = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
    if (!spec) return reject('unknown_quantity', `"${key}" is not a quantity of a ${type} device`);
    const v = readings[key];
    if (spec.kind === 'boolean') {
      if (typeof v !== 'boolean') return reject('wrong_type', `"${key}" must be true or false`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) return reject('wrong_type', `"${key}" must be a number`);
      if (v < spec.min || v > spec.max) return reject('out_of_range', `"${key}" = ${v} ${spec.unit} is outside the physical range ${spec.min}…${spec.max}`);
      if (spec.integer && !Number.isInteger(v)) return reject('wrong_type', `"${key}" must be a whole number`);
    }
    out[key] = v;
  }
  const trusted = typeof ts === 'number' && ts > 0 && Math.abs(ts - arrivalMs) <= MAX_CLOCK_SKEW_MS;
  return {
    ok: true,
    reading: { ts: trusted ? ts : arrivalMs, tsSource: trusted ? 'device' : 'arrival', seq: typeof seq === 'number' ? seq : null, readings: out },
  };
}

export interface DeviceStatus { online: boolean; battery: number | null }

export function validateStatus(value: unknown): { ok: true; status: DeviceStatus } | Rejection {
  if (!isPlainObject(value)) return reject('bad_shape', 'status must be an object with "online"');
  if (typeof value.online !== 'boolean') return reject('wrong_type', '"online" must be true or false');
  const battery = value.battery;
  if (battery !== undefined && battery !== null) {
    if (typeof battery !== 'number' || !Number.isFinite(battery)) return reject('wrong_type', '"battery" must be a number');
    if (battery < 0 || battery > 100) return reject('out_of_range', `"battery" = ${battery} is outside 0…100 %`);
  }
  return { ok: true, status: { online: value.online, battery: typeof battery === 'number' ? battery : null } };
}
