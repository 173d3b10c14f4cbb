// China Mobile OneNET's HTTP data push (数据推送, NB-IoT suite and multi-protocol products), as its development
// manual gives it: https://open.iot.10086.cn/doc/nb-iot/book/manual/httppush/develop-manual.html (the English
// page: https://onenet.hk.chinamobile.com/suben/doc/nb-iot/book/manual/httppush/develop-manual.html).
// - URL verification: a GET `?msg=&nonce=&signature=`; the signature is Base64(MD5(token + nonce + msg)) with the
//   token set in OneNET's push settings; the answer is `msg` itself.
// - Data: a POST whose JSON body is `{msg, msg_signature, nonce}` in plaintext mode; `msg` is one message or, with
//   batching on, an array of them; msg_signature is Base64(MD5(token + nonce + msg's JSON text)), the text as it
//   stands in the body (OneNET's own receiver SDKs sign `msg.toString()`). Messages: type 1 a data point
//   {dev_id, ds_id, at, value, imei (NB-IoT)}; type 2 online/offline {dev_id, status 1/0, login_type, at};
//   type 7 a cached command's result {dev_id, cmd_id, cmd_type, at}. Anything else is answered 200 and ignored.
//   The secure mode (`enc_msg`, AES) is refused with a reason: choose plaintext mode (明文模式) here, over HTTPS.
// A data point's value reaches the device's codec as bytes when it is a hex string (an NB-IoT device's opaque
// resource), is taken as readings when it is an object of the device type's quantities, and a number under a
// data stream named like a quantity (`gas_lel`) is that quantity.
import { createHash } from 'node:crypto';
import { bad, bytesOf, isObject, jsonBody, keyOf, refused, sameSecret, timeOf, type PushMessage, type PushRead, type PushRequest } from './pushMessage';

export const onenetSignature = (token: string, nonce: string, msg: string) => createHash('md5').update(token + nonce + msg, 'utf8').digest('base64');

/** The GET that verifies the push URL: `msg` to answer with, or null when the signature is not the token's. */
export function onenetVerification(token: string, query: URLSearchParams): string | null {
  const msg = query.get('msg'), nonce = query.get('nonce'), signature = query.get('signature');
  if (msg === null || nonce === null || signature === null) return null;
  // A '+' of Base64 reads as a space once the query is decoded (OneNET's SDKs put it back the same way).
  return sameSecret(onenetSignature(token, nonce, msg), signature.replace(/ /g, '+')) ? msg : null;
}

/** The raw text of a top-level member of a JSON object text (`JSON.parse` has already accepted it), or null. */
export function rawMember(text: string, name: string): string | null {
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] ?? '')) i++; };
  const skipString = () => { i++; while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1; i++; };
  const skipValue = () => {
    if (text[i] === '"') return skipString();
    let depth = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') { skipString(); continue; }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { if (depth === 0) return; depth--; if (depth === 0) { i++; return; } }
      else if (c === ',' && depth === 0) return;
      i++;
    }
  };
  ws();
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    ws();
    if (text[i] !== '"') return null;
    const k0 = i; skipString();
    const key = JSON.parse(text.slice(k0, i)) as string;
    ws(); i++; ws(); // ':'
    const v0 = i; skipValue();
    if (key === name) return text.slice(v0, i).trimEnd();
    ws();
    if (text[i] !== ',') return null;
    i++;
  }
}

function message(m: unknown): PushMessage | ReturnType<typeof bad> | null {
  if (!isObject(m) || typeof m.type !== 'number') return bad('a OneNET message is an object with a numeric "type"');
  const devId = m.dev_id;
  if (typeof devId !== 'number' && typeof devId !== 'string') return bad(`a type ${m.type} message needs its "dev_id"`);
  const imei = typeof m.imei === 'string' ? m.imei : null;
  const named = { identities: [imei, String(devId)].filter((x): x is string => !!x), where: `dev_id ${devId}`, at: timeOf(m.at) };
  if (m.type === 1) {
    if (typeof m.ds_id !== 'string' || !('value' in m)) return bad('a data point (type 1) needs "ds_id" and "value"');
    const v = m.value;
    const hex = typeof v === 'string' ? bytesOf(v, 'hex') : null;
    const object = isObject(v) ? v : typeof v === 'number' || typeof v === 'boolean' ? { [m.ds_id]: v } : null;
    if (!hex && !object) return bad(`data point ${m.ds_id}: the value is neither hex bytes, an object nor a number`);
    return { kind: 'uplink', key: keyOf('onenet', devId, m.ds_id, m.at, v), ...named, up: { object, bytes: hex, fPort: 0, time: named.at }, seq: null };
  }
  if (m.type === 2) {
    if (m.status !== 0 && m.status !== 1) return bad('an online/offline message (type 2) has "status" 1 or 0');
    return { kind: 'status', key: keyOf('onenet', devId, 'status', m.at, m.status), ...named, online: m.status === 1, battery: null };
  }
  if (m.type === 7) {
    if (typeof m.cmd_id !== 'string') return bad('a command result (type 7) needs its "cmd_id"');
    const how = m.cmd_type === 2 ? 'confirmed by the device (OneNET cmd_type 2)' : 'acknowledged by the device (OneNET cmd_type 1)';
    return { kind: 'answer', key: keyOf('onenet', devId, 'cmd', m.cmd_id, m.cmd_type), ...named, commandId: m.cmd_id, ok: true, result: how };
  }
  return null;
}

export function readOnenetPush(token: string, req: PushRequest): PushRead {
  const body = jsonBody(req);
  if (!body.ok) return body;
  const v = body.value;
  if (!isObject(v)) return refused(400, 'bad_shape', 'a OneNET push is a JSON object {msg, msg_signature, nonce}');
  if ('enc_msg' in v) return refused(400, 'bad_shape', 'this push is in OneNET\'s secure mode (enc_msg): set the push to plaintext mode (明文模式) and use HTTPS');
  if (typeof v.nonce !== 'string' || typeof v.msg_signature !== 'string' || !('msg' in v)) return refused(400, 'bad_shape', 'a OneNET push has "msg", "msg_signature" and "nonce"');
  const msgText = rawMember(body.text, 'msg');
  if (msgText === null || !sameSecret(onenetSignature(token, v.nonce, msgText), v.msg_signature)) return refused(401, 'bad_signature', 'msg_signature is not Base64(MD5(token + nonce + msg)) with this source\'s token');
  const all = Array.isArray(v.msg) ? v.msg : [v.msg];
  return { ok: true, messages: all.map(message).filter((m) => m !== null) };
}
