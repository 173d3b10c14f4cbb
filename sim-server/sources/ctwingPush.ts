// China Telecom CTWing (AEP) subscription push (订阅推送), as its message-push pages give the bodies
// (https://www.ctwing.cn/dyts/103): one JSON message per POST, `messageType` naming it —
// - `dataReport` {tenantId, productId, deviceId, IMEI, IMSI, timestamp, upPacketSN, upDataSN, protocol, serviceId,
//   payload}: payload is `{APPdata: <base64>}` for a transparent (透传) product, the device's bytes, else the
//   product model's decoded JSON (some products nest it in `serviceData`);
// - `eventReport` {…, eventType 1/2/3, eventContent}: the event's values, taken like a data report's;
// - `deviceOnlineOfflineReport` {tenantId, productId, deviceId, timestamp, eventType 1 online / 0 offline};
// - `commandResponse` {deviceId, taskId, result {resultCode, resultDetail}}: a command's fate
//   (DELIVERED / COMPLETED / SUCCESS are the device's; FAILED, TIMEOUT, CANCELED are not).
// CTWing retries a push that is not answered 200 (at most three times). Its documented push carries no signature
// of its own, so a CTWing source is known by a token in the URL given to CTWing (`?token=<secret>`), compared in
// constant time: a push without it is refused before its body is read.
import { bad, bytesOf, isObject, jsonBody, keyOf, refused, sameSecret, timeOf, type PushMessage, type PushRead, type PushRequest } from './pushMessage';

const DONE = new Set(['DELIVERED', 'COMPLETED', 'SUCCESS', 'SENT']);

function message(m: Record<string, unknown>): PushMessage | ReturnType<typeof bad> | null {
  const deviceId = typeof m.deviceId === 'string' ? m.deviceId : null;
  if (!deviceId) return bad('a CTWing message names its "deviceId"');
  const imei = [m.IMEI, m.imei].find((x): x is string => typeof x === 'string' && /^\d{14,17}$/.test(x)) ?? null;
  const named = { identities: [imei, deviceId].filter((x): x is string => !!x), where: `product ${String(m.productId ?? '?').slice(0, 32)}`, at: timeOf(m.timestamp), address: deviceId };
  const type = m.messageType;
  if (type === 'dataReport' || type === 'eventReport') {
    const p = type === 'dataReport' ? m.payload : m.eventContent;
    if (!isObject(p)) return bad(`a ${type} carries ${type === 'dataReport' ? '"payload"' : '"eventContent"'} as an object`);
    const bytes = typeof p.APPdata === 'string' ? bytesOf(p.APPdata, 'base64') : null;
    if (typeof p.APPdata === 'string' && !bytes) return bad('payload.APPdata is not base64');
    const object = bytes ? null : isObject(p.serviceData) ? p.serviceData : p;
    const seq = typeof m.upPacketSN === 'number' && m.upPacketSN >= 0 ? m.upPacketSN : null;
    return { kind: 'uplink', key: keyOf('ctwing', deviceId, type, m.timestamp, m.upPacketSN, p), ...named, up: { object, bytes, fPort: 0, time: named.at }, seq };
  }
  if (type === 'deviceOnlineOfflineReport') {
    if (m.eventType !== 0 && m.eventType !== 1) return bad('an online/offline report has "eventType" 1 or 0');
    return { kind: 'status', key: keyOf('ctwing', deviceId, type, m.timestamp, m.eventType), ...named, online: m.eventType === 1, battery: null };
  }
  if (type === 'commandResponse') {
    const code = isObject(m.result) && typeof m.result.resultCode === 'string' ? m.result.resultCode : null;
    if ((typeof m.taskId !== 'number' && typeof m.taskId !== 'string') || !code) return bad('a command response has "taskId" and "result.resultCode"');
    return { kind: 'answer', key: keyOf('ctwing', deviceId, type, m.taskId, code), ...named, commandId: String(m.taskId), ok: DONE.has(code), result: `CTWing: ${code}` };
  }
  return null;
}

export function readCtwingPush(token: string, req: PushRequest): PushRead {
  if (!sameSecret(req.query.get('token') ?? '', token)) return refused(401, 'bad_signature', 'the push URL\'s ?token= is not this source\'s secret');
  const body = jsonBody(req);
  if (!body.ok) return body;
  if (!isObject(body.value) || typeof body.value.messageType !== 'string') return refused(400, 'bad_shape', 'a CTWing push is a JSON object with "messageType"');
  const m = message(body.value);
  return { ok: true, messages: m ? [m] : [] };
}
