// The platforms' push formats as their documents give them (onenetPush.ts, ctwingPush.ts, webhookPush.ts cite
// the pages), signatures computed here the way the documents describe, independently of the readers' code.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCtwingPush } from './ctwingPush';
import { onenetVerification, rawMember, readOnenetPush } from './onenetPush';
import { ReplayGuard } from './pushSource';
import { readWebhookPush } from './webhookPush';

const TOKEN = 'jinhe-onenet-token';
const md5b64 = (s: string) => createHash('md5').update(s, 'utf8').digest('base64');
const request = (body: string, query = '', headers: Record<string, string> = {}) => ({ body: Buffer.from(body), query: new URLSearchParams(query), header: (n: string) => headers[n] });

/** A OneNET plaintext push as the platform sends it: msg signed as it stands in the body. */
function onenetBody(msg: string, nonce = 'abcdEFGH', token = TOKEN) {
  return `{"msg":${msg},"msg_signature":"${md5b64(token + nonce + msg)}","nonce":"${nonce}"}`;
}

describe('OneNET data push', () => {
  it('answers the URL verification with msg only for the token\'s signature (a "+" read back from a space)', () => {
    const sig = md5b64(`${TOKEN}nonce123verify-me`);
    expect(onenetVerification(TOKEN, new URLSearchParams({ msg: 'verify-me', nonce: 'nonce123', signature: sig }))).toBe('verify-me');
    // Sent unencoded, Base64's "+" arrives as a space: a nonce whose signature has one.
    const nonce = Array.from({ length: 100 }, (_, i) => `n${i}`).find((n) => md5b64(`${TOKEN}${n}verify-me`).includes('+'))!;
    const plus = md5b64(`${TOKEN}${nonce}verify-me`);
    expect(new URLSearchParams(`signature=${plus}`).get('signature')).toContain(' ');
    expect(onenetVerification(TOKEN, new URLSearchParams(`msg=verify-me&nonce=${nonce}&signature=${plus}`))).toBe('verify-me');
    expect(onenetVerification('another-token', new URLSearchParams({ msg: 'verify-me', nonce: 'nonce123', signature: sig }))).toBeNull();
    expect(onenetVerification(TOKEN, new URLSearchParams({ msg: 'verify-me' }))).toBeNull();
  });

  it('reads a data point (hex bytes for the codec), online/offline and a command result; checks msg_signature over msg as it stands', () => {
    const point = '{"at":1765087200000,"imei":"868120301234567","type":1,"ds_id":"3200_0_5750","value":"010190","dev_id":583746291}';
    const r = readOnenetPush(TOKEN, request(onenetBody(point)));
    expect(r).toMatchObject({ ok: true, messages: [{ kind: 'uplink', identities: ['868120301234567', '583746291'], at: 1765087200000, up: { object: null, bytes: Uint8Array.from([1, 1, 0x90]) } }] });
    // Batched: an array; with whitespace the platform did not sign, the signature is of the text as it stands.
    const batch = `[${point}, {"at":1765087260000,"login_type":10,"type":2,"status":0,"dev_id":583746291},{"type":7,"cmd_id":"c-1","cmd_type":2,"dev_id":583746291,"at":1765087270000},{"type":9,"dev_id":1}]`;
    const b = readOnenetPush(TOKEN, request(onenetBody(batch)));
    if (!b.ok) throw new Error(b.detail);
    expect(b.messages.map((m) => m.kind)).toEqual(['uplink', 'status', 'answer']);
    expect(b.messages[1]).toMatchObject({ online: false });
    expect(b.messages[2]).toMatchObject({ commandId: 'c-1', ok: true });
    // A number under a data stream named like a quantity is that quantity.
    const n = readOnenetPush(TOKEN, request(onenetBody('{"type":1,"dev_id":7,"ds_id":"gas_lel","value":42,"at":1765087200000}')));
    expect(n).toMatchObject({ ok: true, messages: [{ up: { object: { gas_lel: 42 }, bytes: null } }] });
  });

  it('refuses a wrong token, a body changed after signing, the secure mode and a non-OneNET body, each with a reason', () => {
    const point = '{"type":1,"dev_id":7,"ds_id":"gas_lel","value":42,"at":1765087200000}';
    expect(readOnenetPush(TOKEN, request(onenetBody(point, 'abcdEFGH', 'wrong-token')))).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
    expect(readOnenetPush(TOKEN, request(onenetBody(point).replace('"value":42', '"value":4')))).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
    expect(readOnenetPush(TOKEN, request('{"enc_msg":"xx","msg_signature":"y","nonce":"z"}'))).toMatchObject({ ok: false, status: 400, detail: expect.stringContaining('明文模式') });
    expect(readOnenetPush(TOKEN, request('{"data":1}'))).toMatchObject({ ok: false, status: 400, reason: 'bad_shape' });
    expect(readOnenetPush(TOKEN, request('{not json'))).toMatchObject({ ok: false, status: 400, reason: 'not_parseable' });
    expect(readOnenetPush(TOKEN, request(onenetBody('{"type":1,"dev_id":7}')))).toMatchObject({ ok: true, messages: [{ kind: 'bad', reason: 'bad_shape' }] });
  });

  it('finds a member\'s raw text through strings, escapes and nesting', () => {
    const text = '{ "a" : "x\\"}]," , "msg" : { "v": [1, {"b": "}"}] } , "z": 2 }';
    expect(rawMember(text, 'msg')).toBe('{ "v": [1, {"b": "}"}] }');
    expect(rawMember(text, 'z')).toBe('2');
    expect(rawMember(text, 'nothing')).toBeNull();
  });
});

describe('CTWing subscription push', () => {
  const dataReport = { upPacketSN: 12, upDataSN: -1, topic: 'v1/up/ad', timestamp: 1765087200000, tenantId: '2000033827', serviceId: '', protocol: 'lwm2m', productId: '15045240', payload: { APPdata: Buffer.from([1, 1, 0x90]).toString('base64') }, messageType: 'dataReport', deviceType: '', deviceId: 'd01308047f864601a821e02dc328eab4', assocAssetId: '', IMSI: 'undefined', IMEI: '868120301234568' };

  it('reads a transparent data report (APPdata bytes), a decoded one, online/offline and a command response', () => {
    expect(readCtwingPush(TOKEN, request(JSON.stringify(dataReport), `token=${TOKEN}`))).toMatchObject({ ok: true, messages: [{ kind: 'uplink', identities: ['868120301234568', 'd01308047f864601a821e02dc328eab4'], seq: 12, up: { bytes: Uint8Array.from([1, 1, 0x90]), object: null } }] });
    const decoded = { ...dataReport, payload: { serviceId: 'notification', serviceData: { alarm: true, smoke_obscuration_pct_m: 4 } } };
    expect(readCtwingPush(TOKEN, request(JSON.stringify(decoded), `token=${TOKEN}`))).toMatchObject({ ok: true, messages: [{ up: { object: { alarm: true, smoke_obscuration_pct_m: 4 } } }] });
    const offline = { timestamp: 1765087300000, tenantId: '2000033827', protocol: 'lwm2m', productId: '15045240', messageType: 'deviceOnlineOfflineReport', iccid: 'undefined', eventType: 0, deviceId: 'd01308047f864601a821e02dc328eab4' };
    expect(readCtwingPush(TOKEN, request(JSON.stringify(offline), `token=${TOKEN}`))).toMatchObject({ ok: true, messages: [{ kind: 'status', online: false }] });
    const response = { timestamp: 1765087400000, tenantId: '2000033827', taskId: 17, result: { resultDetail: '', resultCode: 'DELIVERED' }, protocol: 'lwm2m', productId: '15045240', messageType: 'commandResponse', deviceId: 'd01308047f864601a821e02dc328eab4' };
    expect(readCtwingPush(TOKEN, request(JSON.stringify(response), `token=${TOKEN}`))).toMatchObject({ ok: true, messages: [{ kind: 'answer', commandId: '17', ok: true }] });
  });

  it('refuses a push without the source\'s token before reading it, and a body that is not CTWing\'s', () => {
    expect(readCtwingPush(TOKEN, request(JSON.stringify(dataReport)))).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
    expect(readCtwingPush(TOKEN, request(JSON.stringify(dataReport), 'token=guess-guess'))).toMatchObject({ ok: false, status: 401 });
    expect(readCtwingPush(TOKEN, request('{"hello":1}', `token=${TOKEN}`))).toMatchObject({ ok: false, status: 400, reason: 'bad_shape' });
    expect(readCtwingPush(TOKEN, request(JSON.stringify({ ...dataReport, payload: { APPdata: '*not base64*' } }), `token=${TOKEN}`))).toMatchObject({ ok: true, messages: [{ kind: 'bad' }] });
  });
});

describe('the generic webhook', () => {
  const SECRET = 'vendor-shared-secret';
  const signed = (body: string, secret = SECRET) => ({ 'x-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });

  it('takes an HMAC-SHA256 signed message or batch: readings, bytes, status, an answer', () => {
    const body = JSON.stringify({ messages: [
      { id: 'm1', device: 'VX-0001', time: '2026-12-07T10:00:00Z', readings: { gas_lel: 40 } },
      { id: 'm2', device: 'VX-0001', time: 1765101600000, data: Buffer.from([1, 1, 0x90]).toString('base64'), fPort: 10 },
      { id: 'm3', device: 'VX-0001', time: 1765101600000, status: { online: true, battery: 80 } },
      { id: 'm4', device: 'VX-0001', time: 1765101600000, answer: { reqId: 'r-1', ok: true, result: '阀门已关闭' } },
      { id: 'm5', device: 'VX-0001', time: 1765101600000 },
    ] });
    const r = readWebhookPush(SECRET, request(body, '', signed(body)));
    if (!r.ok) throw new Error(r.detail);
    expect(r.messages.map((m) => m.kind)).toEqual(['uplink', 'uplink', 'status', 'answer', 'bad']);
    expect(r.messages[0]).toMatchObject({ key: 'webhook:m1', at: Date.parse('2026-12-07T10:00:00Z'), up: { object: { gas_lel: 40 } } });
    expect(r.messages[1]).toMatchObject({ up: { bytes: Uint8Array.from([1, 1, 0x90]), fPort: 10 } });
    // The bare hex is taken too.
    expect(readWebhookPush(SECRET, request(body, '', { 'x-signature': signed(body)['x-signature'].slice(7) })).ok).toBe(true);
  });

  it('refuses a missing, wrong or other secret\'s signature, and a body changed after signing', () => {
    const body = JSON.stringify({ id: 'm1', device: 'VX-0001', time: 1765101600000, readings: { gas_lel: 40 } });
    expect(readWebhookPush(SECRET, request(body))).toMatchObject({ ok: false, status: 401, reason: 'bad_signature' });
    expect(readWebhookPush(SECRET, request(body, '', signed(body, 'another-secret')))).toMatchObject({ ok: false, status: 401 });
    expect(readWebhookPush(SECRET, request(body.replace('40', '4'), '', signed(body)))).toMatchObject({ ok: false, status: 401 });
  });
});

describe('the replay guard', () => {
  it('knows a message taken within the window, calls older ones stale, and never forgets a key without raising the horizon', () => {
    const g = new ReplayGuard(60_000, 3);
    const now = 1_000_000;
    expect(g.check('a', now - 1000, now)).toBe('new');
    g.remember('a', now - 1000, now);
    expect(g.check('a', now - 1000, now)).toBe('duplicate');
    expect(g.check('old', now - 61_000, now)).toBe('stale');
    for (const [k, t] of [['b', now - 900], ['c', now - 800], ['d', now - 700]] as const) g.remember(k, t, now);
    // Four kept in a guard of three: 'a' went, and nothing as old as it can come in again.
    expect(g.check('a', now - 1000, now)).toBe('stale');
    expect(g.check('e', now - 950, now)).toBe('new');
    expect(g.check('c', now - 800, now)).toBe('duplicate');
    // Past the window, everything is stale whatever was kept.
    expect(g.check('f', now - 700, now + 60_000)).toBe('stale');
  });
});
