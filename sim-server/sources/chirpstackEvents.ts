// ChirpStack v4's MQTT integration events, as its API definitions give them (chirpstack/chirpstack,
// api/proto/integration/integration.proto, in protobuf's JSON encoding; https://www.chirpstack.io/docs/
// chirpstack/integrations/mqtt.html): on `application/<applicationId>/device/<devEui>/event/<event>`,
// an UplinkEvent {deduplicationId, time, deviceInfo {tenantId, applicationId, deviceProfileName, deviceName,
// devEui, tags}, devAddr, adr, dr, fCnt, fPort, confirmed, data (base64), object (set when ChirpStack ran a
// codec), rxInfo, txInfo}, a JoinEvent {deduplicationId, time, deviceInfo, devAddr} or a StatusEvent
// {deduplicationId, time, deviceInfo, margin, externalPowerSource, batteryLevelUnavailable, batteryLevel}.
// Downlinks go to `…/command/down` as a DownlinkCommand {id, devEui, confirmed, fPort, data}. Pure.
import { BASE64, isObject } from './pushMessage';

export const UPLINK_SUBSCRIPTION = (applicationId = '+') => `application/${applicationId}/device/+/event/+`;
export const downlinkTopic = (applicationId: string, devEui: string) => `application/${applicationId}/device/${devEui}/command/down`;

const TOPIC = /^application\/([^/]{1,64})\/device\/([0-9a-fA-F]{16})\/event\/([a-z]{1,16})$/;
const MAX_EVENT_BYTES = 64 * 1024;

export type ChirpstackEvent =
  | { ok: true; kind: 'up'; applicationId: string; devEui: string; fCnt: number; fPort: number; time: number | null; data: Uint8Array; object: Record<string, unknown> | null }
  /** A join, or a device-status answer: the device is on the network (and its battery, when it says). */
  | { ok: true; kind: 'status'; applicationId: string; devEui: string; battery: number | null }
  /** A confirmed downlink acknowledged by the device (or not, when it timed out): `queueItemId` is its id. */
  | { ok: true; kind: 'ack'; applicationId: string; devEui: string; queueItemId: string; acknowledged: boolean }
  /** txack, log, location, integration: nothing the twin takes. */
  | { ok: true; kind: 'ignored'; devEui: string }
  | { ok: false; reason: 'not_parseable' | 'bad_shape' | 'oversized'; detail: string; devEui?: string };


export function parseChirpstackEvent(topic: string, payload: Buffer): ChirpstackEvent {
  const m = TOPIC.exec(topic);
  if (!m) return { ok: false, reason: 'bad_shape', detail: `"${topic.slice(0, 120)}" is not a ChirpStack event topic (application/<id>/device/<devEui>/event/<event>)` };
  const [, applicationId, eui, event] = m as unknown as [string, string, string, string];
  const devEui = eui.toLowerCase();
  if (payload.length > MAX_EVENT_BYTES) return { ok: false, reason: 'oversized', detail: `an event of ${payload.length} bytes is over ${MAX_EVENT_BYTES}`, devEui };
  let body: unknown;
  try { body = JSON.parse(payload.toString('utf8')); } catch (e) { return { ok: false, reason: 'not_parseable', detail: `not JSON: ${(e as Error).message.slice(0, 80)}`, devEui }; }
  if (!isObject(body)) return { ok: false, reason: 'bad_shape', detail: 'the event is not a JSON object', devEui };
  const said = isObject(body.deviceInfo) ? String(body.deviceInfo.devEui ?? '').toLowerCase() : '';
  if (said && said !== devEui) return { ok: false, reason: 'bad_shape', detail: `deviceInfo.devEui ${said.slice(0, 20)} is not the topic's ${devEui}`, devEui };
  const time = typeof body.time === 'string' && Number.isFinite(Date.parse(body.time)) ? Date.parse(body.time) : null;
  if (event === 'join') return { ok: true, kind: 'status', applicationId, devEui, battery: null };
  if (event === 'status') {
    const level = body.batteryLevel;
    const battery = body.batteryLevelUnavailable === true || typeof level !== 'number' || !Number.isFinite(level) ? null : Math.min(100, Math.max(0, level));
    return { ok: true, kind: 'status', applicationId, devEui, battery };
  }
  if (event === 'ack') {
    if (typeof body.queueItemId !== 'string') return { ok: false, reason: 'bad_shape', detail: 'an ack event names its "queueItemId"', devEui };
    return { ok: true, kind: 'ack', applicationId, devEui, queueItemId: body.queueItemId, acknowledged: body.acknowledged === true };
  }
  if (event !== 'up') return { ok: true, kind: 'ignored', devEui };
  // proto3 JSON leaves zero values out: an absent fCnt is 0.
  const fCnt = body.fCnt ?? 0, fPort = body.fPort ?? 0;
  if (!Number.isSafeInteger(fCnt) || (fCnt as number) < 0 || !Number.isInteger(fPort) || (fPort as number) < 0 || (fPort as number) > 255) return { ok: false, reason: 'bad_shape', detail: 'fCnt and fPort must be whole numbers', devEui };
  const data = body.data ?? '';
  if (typeof data !== 'string' || !BASE64.test(data)) return { ok: false, reason: 'bad_shape', detail: '"data" must be base64', devEui };
  const object = body.object === undefined || body.object === null ? null : body.object;
  if (object !== null && !isObject(object)) return { ok: false, reason: 'bad_shape', detail: '"object" must be a JSON object', devEui };
  return { ok: true, kind: 'up', applicationId, devEui, fCnt: fCnt as number, fPort: fPort as number, time, data: Buffer.from(data, 'base64'), object };
}
