// One incoming device message → what it means for the twin, or why it is refused. Pure.
import type { DeviceType } from '../twin-assets/deviceCatalog';
import { decodePayload } from './codec';
import { reject, type Rejection } from './rejections';
import { validateReading, validateStatus, type DeviceStatus, type Reading } from './reading';
import { parseDeviceTopic, type TopicRoot } from './topics';

export interface DeviceRegistry {
  districtId: string;
  typeOf(deviceId: string): DeviceType | undefined;
}

export type Interpreted =
  | { ok: true; kind: 'telemetry'; root: TopicRoot; deviceId: string; reading: Reading; format: 'json' | 'msgpack' }
  | { ok: true; kind: 'status'; root: TopicRoot; deviceId: string; status: DeviceStatus }
  | { ok: true; kind: 'ack'; root: TopicRoot; deviceId: string; reqId: string; success: boolean; result: string | null }
  | { ok: true; kind: 'ignored' }
  | (Rejection & { deviceId?: string });

export function interpretDeviceMessage(registry: DeviceRegistry, topic: string, payload: Uint8Array, arrivalMs: number): Interpreted {
  const parsed = parseDeviceTopic(topic);
  if (!parsed) return reject('bad_topic', `"${topic.slice(0, 200)}" is not a device topic`);
  const { root, districtId, deviceId, leaf } = parsed;
  if (districtId !== registry.districtId) return { ...reject('unknown_district', `district "${districtId}" is not the loaded one ("${registry.districtId}")`), deviceId };
  const type = registry.typeOf(deviceId);
  if (!type) return { ...reject('unknown_device', `no device "${deviceId}" in district "${districtId}"`), deviceId };
  // An empty retained status clears a device's retained message: nothing to interpret.
  if (leaf === 'status' && payload.byteLength === 0) return { ok: true, kind: 'ignored' };
  const decoded = decodePayload(payload);
  if (!decoded.ok) return { ...decoded, deviceId };
  if (leaf === 'ack') {
    const v = decoded.value as { reqId?: unknown; ok?: unknown; result?: unknown; error?: unknown } | null;
    if (typeof v !== 'object' || v === null || typeof v.reqId !== 'string' || typeof v.ok !== 'boolean') return { ...reject('bad_shape', 'an ack needs {"reqId": "…", "ok": true|false}'), deviceId };
    const text = typeof v.result === 'string' ? v.result : typeof v.error === 'string' ? v.error : null;
    return { ok: true, kind: 'ack', root, deviceId, reqId: v.reqId, success: v.ok, result: text?.slice(0, 200) ?? null };
  }
  if (leaf === 'status') {
    const status = validateStatus(decoded.value);
    return status.ok ? { ok: true, kind: 'status', root, deviceId, status: status.status } : { ...status, deviceId };
  }
  const reading = validateReading(type, decoded.value, arrivalMs);
  return reading.ok
    ? { ok: true, kind: 'telemetry', root, deviceId, reading: reading.reading, format: decoded.format }
    : { ...reading, deviceId };
}
