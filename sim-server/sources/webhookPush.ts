// A vendor's own platform through a generic webhook (the product's own format; no vendor standard exists):
// POST a JSON body, signed with the source's secret as `X-Signature: sha256=<hex of HMAC-SHA256(secret, body)>`
// (the bare hex is taken too), one message or `{messages: [...]}`. A message:
//   {"id": "<unique per message>", "device": "<the device's externalId>", "time": <ms or ISO 8601>,
//    then one of  "readings": {"gas_lel": 40}            — the device type's quantities,
//                 "data": "<base64>", "fPort": 10        — the device's bytes, for its model's codec,
//                 "status": {"online": true, "battery": 80},
//                 "answer": {"reqId": "<command id>", "ok": true, "result": "valve closed"}}
// The answer to a push lists the commands waiting for its devices (pushSource.ts): a vendor's platform takes them
// from there and answers each with `answer`.
import { createHmac } from 'node:crypto';
import { bad, bytesOf, isObject, jsonBody, refused, sameSecret, timeOf, type PushMessage, type PushRead, type PushRequest } from './pushMessage';

export const webhookSignature = (secret: string, body: Buffer | string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function message(m: unknown): PushMessage | ReturnType<typeof bad> {
  if (!isObject(m)) return bad('a webhook message is a JSON object');
  if (typeof m.id !== 'string' || !m.id || m.id.length > 128) return bad('a webhook message has an "id" (1–128 characters), unique per message');
  if (typeof m.device !== 'string' || !m.device) return bad(`message ${m.id}: "device" is the device's externalId`);
  const at = timeOf(m.time);
  if (at === null) return bad(`message ${m.id}: "time" (epoch ms or ISO 8601) is required`);
  const named = { key: `webhook:${m.id}`, identities: [m.device], where: 'webhook', at };
  if (isObject(m.readings)) return { kind: 'uplink', ...named, up: { object: m.readings, bytes: null, fPort: 0, time: at }, seq: null };
  if (typeof m.data === 'string') {
    const bytes = bytesOf(m.data, 'base64');
    if (!bytes) return bad(`message ${m.id}: "data" is not base64`);
    const fPort = typeof m.fPort === 'number' && Number.isInteger(m.fPort) && m.fPort >= 0 && m.fPort <= 255 ? m.fPort : 0;
    return { kind: 'uplink', ...named, up: { object: null, bytes, fPort, time: at }, seq: null };
  }
  if (isObject(m.status) && typeof m.status.online === 'boolean') return { kind: 'status', ...named, online: m.status.online, battery: typeof m.status.battery === 'number' ? m.status.battery : null };
  if (isObject(m.answer) && typeof m.answer.reqId === 'string' && typeof m.answer.ok === 'boolean') return { kind: 'answer', ...named, commandId: m.answer.reqId, ok: m.answer.ok, result: typeof m.answer.result === 'string' ? m.answer.result.slice(0, 200) : '' };
  return bad(`message ${m.id}: it carries none of "readings", "data", "status" or "answer"`);
}

export function readWebhookPush(secret: string, req: PushRequest): PushRead {
  const given = req.header('x-signature') ?? '';
  const expected = webhookSignature(secret, req.body);
  if (!sameSecret(given.startsWith('sha256=') ? given : `sha256=${given}`, expected)) return refused(401, 'bad_signature', 'X-Signature is not sha256=<HMAC-SHA256 of the body with this source\'s secret>');
  const body = jsonBody(req);
  if (!body.ok) return body;
  const v = body.value;
  const all = isObject(v) && Array.isArray(v.messages) ? v.messages : [v];
  return { ok: true, messages: all.map(message) };
}
