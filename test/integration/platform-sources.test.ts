// IoT platforms pushing to a real twin over HTTP (SOURCES), bodies built as their documents give them and signed
// the way the documents describe (the signatures computed here, not by the product's code): a OneNET data push
// (plaintext mode, msg_signature), a CTWing subscription push, a vendor's HMAC-signed webhook. Each raises the
// right alarm on the right device; a bad signature, an unknown identity, a replayed and a stale message are refused
// with a reason and counted; the admin sees the sources; a command to a OneNET device goes out through OneNET's
// cache-command API, one to a CTWing device through CTWing's CreateCommand API, signed (local stand-ins speaking the
// APIs' documented answers: the real ones are out of reach here), and the platform's result push closes it; a command
// to a webhook device goes out in the answer to the vendor's next push. And with the twin's clock in hand,
// a platform gone silent leaves each of its devices with the offline fault, as the native path does.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE, topicsFor } from '../../bridge/topics';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { REPORT_INTERVAL_MS } from '../../twin-assets/deviceCatalog';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import { COMMAND_TIMEOUT_MS, PLATFORM_COMMAND_TIMEOUT_MS } from '../../sim-server/core/commands';
import { LivePipeline } from '../../sim-server/livePipeline';
import { createMetrics } from '../../sim-server/metrics';
import { CodecRunner, loadCodecs } from '../../sim-server/sources/codecRunner';
import { PushSource } from '../../sim-server/sources/pushSource';
import { bundledRules } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';
import { until } from '../helpers/mqttProbe';
import { adminCookie } from '../helpers/people';
import { startTestTwin } from '../helpers/twin';

const ONENET_TOKEN = 'jinhe-onenet-token', CTWING_TOKEN = 'jinhe-ctwing-token', VENDOR_SECRET = 'vendor-shared-secret';
const GAS_IMEI = '868120301234567', SMOKE_IMEI = '868120301234568', SMOKE_CTWING_ID = 'd01308047f864601a821e02dc328eab4';
/** A CTWing device registered by its IMEI: CTWing's deviceId for it comes with its first push. */
const SMOKE2_IMEI = '868120301234570', SMOKE2_CTWING_ID = '15045240868120301234570';
const CTWING_KEYS = { appKey: 'Ab3dE5fG7h', appSecret: 'Xy9Kq2Lm4N', masterKey: 'c0ffee11223344556677889900aabbcc', productId: 15045240 };

function districtWithPlatforms() {
  const raw = JSON.parse(readFileSync(new URL('../../twin-assets/districts/default.district.json', import.meta.url), 'utf8')) as { devices: Record<string, unknown>[] };
  for (const d of raw.devices) {
    if (d.id === 'gas-a1-301') Object.assign(d, { source: 'onenet', externalId: GAS_IMEI, model: 'twin-gas-v1' });
    if (d.id === 'smk-a1-301') Object.assign(d, { source: 'ctwing', externalId: SMOKE_CTWING_ID, model: 'twin-smoke-v1' });
    if (d.id === 'smk-a1-602') Object.assign(d, { source: 'ctwing', externalId: SMOKE2_IMEI, model: 'twin-smoke-v1' });
    if (d.id === 'gas-b1-201') Object.assign(d, { source: 'webhook', externalId: 'VX-0001', model: 'twin-gas-v1' });
  }
  return raw;
}

/** OneNET's plaintext push: msg_signature = Base64(MD5(token + nonce + msg)), msg as it stands in the body. */
function onenetPush(msg: object | object[], nonce = 'k3J9xQ2m', token = ONENET_TOKEN) {
  const text = JSON.stringify(msg);
  return `{"msg":${text},"msg_signature":"${createHash('md5').update(token + nonce + text).digest('base64')}","nonce":"${nonce}"}`;
}
/** A OneNET NB-IoT data point: the device's opaque resource as hex. */
const onenetPoint = (bytes: number[], at = Date.now()) => ({ at, imei: GAS_IMEI, type: 1, ds_id: '3200_0_5750', value: Buffer.from(bytes).toString('hex'), dev_id: 583746291 });
const ctwingReport = (bytes: number[], at = Date.now(), sn = 1, [imei, deviceId] = [SMOKE_IMEI, SMOKE_CTWING_ID]) => ({ upPacketSN: sn, upDataSN: -1, topic: 'v1/up/ad', timestamp: at, tenantId: '2000033827', serviceId: '', protocol: 'lwm2m', productId: '15045240', payload: { APPdata: Buffer.from(bytes).toString('base64') }, messageType: 'dataReport', deviceType: '', deviceId, assocAssetId: '', IMSI: 'undefined', IMEI: imei });

describe('IoT platforms pushing to the twin over HTTP', () => {
  let twin: RunningTwin;
  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${twin.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const webhook = (body: object) => { const text = JSON.stringify(body); return post('api/sources/webhook/vendor', text, { 'x-signature': `sha256=${createHmac('sha256', VENDOR_SECRET).update(text).digest('hex')}` }); };
  const metric = async (outcome: string, source: string) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, { headers: { cookie: await adminCookie(twin.httpUrl) } })).text(), 'twin_source_messages_total', { source, outcome });
  const openAlarm = (deviceId: string) => twin.pipeline.core.openAlarms().find((a) => a.deviceId === deviceId);

  const command = async (deviceId: string, cmd: string) => {
    const r = await fetch(`${twin.httpUrl}api/devices/${deviceId}/cmd`, { method: 'POST', headers: { cookie: await adminCookie(twin.httpUrl), 'content-type': 'application/json' }, body: JSON.stringify({ cmd }) });
    return (await r.json() as { reqId: string }).reqId;
  };
  const commandOf = (deviceId: string, reqId: string) => twin.pipeline.core.commands.of(deviceId).find((c) => c.reqId === reqId);

  /** OneNET's and CTWing's command APIs as their pages document them (the real ones are out of reach from here):
   * what each was asked, and the id or the error it answers. */
  let platformApi: Server;
  const asked: { url: URL; headers: Record<string, string | string[] | undefined>; text: string }[] = [];
  let apiAnswers: object[] = [];
  beforeAll(async () => {
    platformApi = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => { text += String(c); });
      req.on('end', () => {
        asked.push({ url: new URL(req.url!, 'http://x'), headers: req.headers, text });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(apiAnswers.shift() ?? { errno: 1, error: 'unexpected' }));
      });
    });
    await new Promise<void>((r) => platformApi.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(platformApi.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'platforms-'));
    writeFileSync(join(dir, 'district.json'), JSON.stringify(districtWithPlatforms()));
    writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ id: 'cmcc', kind: 'onenet', secret: ONENET_TOKEN, apiKey: 'onenet-master-key', apiUrl, commandResource: '3201/0/5550' }, { id: 'telecom', kind: 'ctwing', secret: CTWING_TOKEN, ...CTWING_KEYS, apiUrl }, { id: 'vendor', kind: 'webhook', secret: VENDOR_SECRET }]));
    twin = await startTestTwin({ DISTRICT: join(dir, 'district.json'), SOURCES: join(dir, 'sources.json') });
  }, 120_000);
  afterAll(async () => { await twin?.stop(); platformApi?.close(); });

  it('answers OneNET\'s URL verification with msg for its token only', async () => {
    const sig = createHash('md5').update(`${ONENET_TOKEN}n0nce123check-7f3a`).digest('base64');
    const ok = await fetch(`${twin.httpUrl}api/sources/onenet/cmcc?${new URLSearchParams({ msg: 'check-7f3a', nonce: 'n0nce123', signature: sig })}`);
    expect([ok.status, await ok.text()]).toEqual([200, 'check-7f3a']);
    const wrong = await fetch(`${twin.httpUrl}api/sources/onenet/cmcc?${new URLSearchParams({ msg: 'check-7f3a', nonce: 'n0nce124', signature: sig })}`);
    expect(wrong.status).toBe(401);
    expect((await fetch(`${twin.httpUrl}api/sources/onenet/nobody?msg=a&nonce=b&signature=c`)).status).toBe(404);
  });

  it('OneNET: a data point decoded by the model\'s codec raises the gas alarm on its device; its retry and a bad signature are refused', async () => {
    const body = onenetPush(onenetPoint([1, 0x01, 0x90]));
    expect(await post('api/sources/onenet/cmcc', body)).toEqual({ status: 200, body: { ok: true, taken: 1, refused: [] } });
    await until(() => openAlarm('gas-a1-301') !== undefined, 30_000, 'the gas alarm');
    expect(openAlarm('gas-a1-301')).toMatchObject({ kind: 'gas_leak', state: 'active_unacked' });
    expect(twin.pipeline.core.devices.get('gas-a1-301')?.readings).toMatchObject({ gas_lel: 40 });
    // OneNET retries what it thinks was not received: the same message is not taken twice.
    expect(await post('api/sources/onenet/cmcc', body)).toMatchObject({ status: 200, body: { taken: 0, refused: [{ reason: 'duplicate' }] } });
    // Signed with another token, or changed after signing.
    expect(await post('api/sources/onenet/cmcc', onenetPush(onenetPoint([1, 0x03, 0xe8]), 'k3J9xQ2m', 'not-the-token'))).toMatchObject({ status: 401, body: { error: expect.stringContaining('msg_signature') } });
    expect((await post('api/sources/onenet/cmcc', body.replace('010190', '0103e8'))).status).toBe(401);
    expect(twin.pipeline.core.devices.get('gas-a1-301')?.readings).toMatchObject({ gas_lel: 40 });
    expect(await metric('duplicate', 'cmcc')).toBe(1);
    // Two pushes, and the URL verification with the wrong nonce before them.
    expect(await metric('bad_signature', 'cmcc')).toBe(3);
    expect(await metric('taken', 'cmcc')).toBe(1);
  });

  it('OneNET: a command goes out as a cache command with the codec\'s bytes, and OneNET\'s command-result push closes it; an API error refuses it', async () => {
    const stateOf = (reqId: string) => commandOf('gas-a1-301', reqId);
    const before = asked.length;
    apiAnswers = [{ errno: 0, error: 'succ', data: { uuid: '3f2b6a1e-8c4d-4e5f-9a0b-1c2d3e4f5a6b' } }];
    const reqId = await command('gas-a1-301', 'close_valve');
    await until(() => asked.length === before + 1, 30_000, 'the cache command at OneNET');
    const call = asked[before]!;
    expect(call.url.pathname).toBe('/nbiot/execute/offline');
    expect(Object.fromEntries(call.url.searchParams)).toMatchObject({ imei: GAS_IMEI, obj_id: '3201', obj_inst_id: '0', res_id: '5550', expired_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/) });
    expect([call.headers['api-key'], JSON.parse(call.text)]).toEqual(['onenet-master-key', { args: '0101' }]);
    expect(stateOf(reqId)).toMatchObject({ state: 'sent' });
    // The device reported, took the command, and OneNET pushes its result (type 7) with the command's uuid.
    expect(await post('api/sources/onenet/cmcc', onenetPush({ type: 7, cmd_id: '3f2b6a1e-8c4d-4e5f-9a0b-1c2d3e4f5a6b', cmd_type: 1, dev_id: 583746291, imei: GAS_IMEI, at: Date.now() }))).toMatchObject({ status: 200 });
    await until(() => stateOf(reqId)?.state === 'done', 30_000, 'the command done');
    // OneNET refuses a command (its errno and words): the command is refused with them.
    apiAnswers = [{ errno: 12, error: 'device not exist' }];
    const refused = await command('gas-a1-301', 'open_valve');
    await until(() => stateOf(refused)?.state === 'refused', 30_000, 'the command refused');
    expect(stateOf(refused)!.result).toContain('errno 12 device not exist');
  });

  it('CTWing: a transparent data report raises the fire alarm on its device; a push without the URL\'s token is refused', async () => {
    const report = JSON.stringify(ctwingReport([1, 1, 0x01, 0x90, 0x01, 0xf4]));
    expect((await post('api/sources/ctwing/telecom', report)).status).toBe(401);
    expect(await post(`api/sources/ctwing/telecom?token=${CTWING_TOKEN}`, report)).toEqual({ status: 200, body: { ok: true, taken: 1, refused: [] } });
    await until(() => openAlarm('smk-a1-301') !== undefined, 30_000, 'the fire alarm');
    expect(openAlarm('smk-a1-301')).toMatchObject({ kind: 'fire' });
    // A report from hours ago (a replay of a captured request, a platform's very late retry): stale.
    expect(await post(`api/sources/ctwing/telecom?token=${CTWING_TOKEN}`, JSON.stringify(ctwingReport([1, 0, 0, 0, 0, 0], Date.now() - 3 * 3600_000, 2)))).toMatchObject({ status: 200, body: { refused: [{ reason: 'stale' }] } });
    expect(await metric('stale', 'telecom')).toBe(1);
  });

  it('CTWing: a command goes out through CreateCommand, signed, to the deviceId the device\'s push gave; the commandResponse push closes it', async () => {
    const before = asked.length;
    // Registered by IMEI and not heard from yet: CTWing's deviceId for it is not known, and nothing is sent.
    const early = await command('smk-a1-602', 'test');
    await until(() => commandOf('smk-a1-602', early)?.state === 'refused', 30_000, 'the command refused');
    expect(commandOf('smk-a1-602', early)!.result).toContain(`not its IMEI ${SMOKE2_IMEI}`);
    expect(asked.length).toBe(before);
    // Its first report names its deviceId.
    const report = JSON.stringify(ctwingReport([1, 0, 0, 0, 0, 200], Date.now(), 7, [SMOKE2_IMEI, SMOKE2_CTWING_ID]));
    expect(await post(`api/sources/ctwing/telecom?token=${CTWING_TOKEN}`, report)).toMatchObject({ status: 200, body: { taken: 1 } });
    apiAnswers = [{ code: 0, msg: 'ok', result: { commandId: '674', command: '0103', commandStatus: '指令已保存', deviceId: SMOKE2_CTWING_ID, productId: CTWING_KEYS.productId, createBy: 'admin', createTime: Date.now() } }];
    const reqId = await command('smk-a1-602', 'test');
    await until(() => asked.length === before + 1, 30_000, 'the command at CTWing');
    const call = asked[before]!;
    expect([call.url.pathname, call.headers.application, call.headers.version, call.headers.masterkey]).toEqual(['/aep_device_command/command', CTWING_KEYS.appKey, '20190712225145', CTWING_KEYS.masterKey]);
    // The gateway's signature, computed here from the request as it arrived: HMAC-SHA1 with the App Secret over
    // application, timestamp, MasterKey and the body, each on its line.
    const ts = String(call.headers.timestamp);
    expect(ts).toMatch(/^\d{13}$/);
    expect(call.headers.signature).toBe(createHmac('sha1', CTWING_KEYS.appSecret).update(`application:${CTWING_KEYS.appKey}\ntimestamp:${ts}\nMasterKey:${CTWING_KEYS.masterKey}\n${call.text}\n`).digest('base64'));
    // A transparent LwM2M product's content: the codec's bytes for "test" (code 3) as hex.
    expect(JSON.parse(call.text)).toEqual({ content: { payload: '0103', dataType: 2 }, deviceId: SMOKE2_CTWING_ID, operator: commandOf('smk-a1-602', reqId)!.by, productId: CTWING_KEYS.productId, ttl: 600, level: 1 });
    expect(commandOf('smk-a1-602', reqId)).toMatchObject({ state: 'sent' });
    // The device woke, took it, and CTWing pushes its fate with the commandId as taskId.
    const response = { messageType: 'commandResponse', tenantId: '2000033827', productId: '15045240', deviceId: SMOKE2_CTWING_ID, IMEI: SMOKE2_IMEI, taskId: 674, result: { resultCode: 'COMPLETED', resultDetail: {} }, timestamp: Date.now(), protocol: 'lwm2m' };
    expect(await post(`api/sources/ctwing/telecom?token=${CTWING_TOKEN}`, JSON.stringify(response))).toMatchObject({ status: 200, body: { taken: 1 } });
    await until(() => commandOf('smk-a1-602', reqId)?.state === 'done', 30_000, 'the command done');
    // CTWing refuses one (its code and words): the command is refused with them.
    apiAnswers = [{ code: 1001, msg: 'device not exist', result: null }];
    const refused = await command('smk-a1-602', 'reset');
    await until(() => commandOf('smk-a1-602', refused)?.state === 'refused', 30_000, 'the command refused');
    expect(commandOf('smk-a1-602', refused)!.result).toContain('code 1001 device not exist');
  });

  it('a webhook: readings raise the alarm; a command waits for the vendor\'s platform, goes out in its next answer, and its answer closes it', async () => {
    const at = Date.now();
    expect(await webhook({ id: 'vx-1', device: 'VX-0001', time: at, readings: { gas_lel: 45 } })).toMatchObject({ status: 200, body: { taken: 1 } });
    await until(() => openAlarm('gas-b1-201') !== undefined, 30_000, 'the gas alarm');
    const cookie = await adminCookie(twin.httpUrl);
    const sent = await fetch(`${twin.httpUrl}api/devices/gas-b1-201/cmd`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ cmd: 'close_valve' }) });
    const { reqId } = await sent.json() as { reqId: string };
    await until(() => (twin.pipeline.core.commands.of('gas-b1-201').some((c) => c.reqId === reqId)), 30_000, 'the command recorded');
    const next = await webhook({ id: 'vx-2', device: 'VX-0001', time: at + 1000, status: { online: true, battery: 76 } });
    // The codec's bytes for close_valve (fPort 20, code 1 with argument 1), for a platform that sends bytes.
    expect(next.body.commands).toEqual([expect.objectContaining({ reqId, deviceId: 'gas-b1-201', cmd: 'close_valve', fPort: 20, data: Buffer.from([1, 1]).toString('base64') })]);
    await webhook({ id: 'vx-3', device: 'VX-0001', time: at + 2000, answer: { reqId, ok: true, result: '阀门已关闭' } });
    await until(() => twin.pipeline.core.commands.of('gas-b1-201').find((c) => c.reqId === reqId)?.state === 'done', 30_000, 'the command done');
    expect((await webhook({ id: 'vx-4', device: 'VX-0001', time: at + 3000, status: { online: true } })).body.commands).toEqual([]);
  });

  it('lists an unknown identity for the admin to register; the sources page is the admin\'s only', async () => {
    expect(await post('api/sources/onenet/cmcc', onenetPush({ ...onenetPoint([1, 0, 0]), imei: '868120309999999', dev_id: 99 }))).toMatchObject({ status: 200, body: { refused: [{ reason: 'unknown_identity', detail: expect.stringContaining('register it (source onenet, externalId 868120309999999)') }] } });
    expect((await fetch(`${twin.httpUrl}api/sources`)).status).toBe(401);
    const res = await fetch(`${twin.httpUrl}api/sources`, { headers: { cookie: await adminCookie(twin.httpUrl) } });
    const sources = await res.json() as { id: string; kind: string; devices: number; taken: number; refused: Record<string, number>; unknown: { identity: string; where: string; count: number }[] }[];
    expect(sources.map((s) => [s.id, s.kind, s.devices])).toEqual([['cmcc', 'onenet', 1], ['telecom', 'ctwing', 2], ['vendor', 'webhook', 1]]);
    const cmcc = sources.find((s) => s.id === 'cmcc')!;
    // The data point and the command result.
    expect(cmcc).toMatchObject({ taken: 2, refused: { duplicate: 1, bad_signature: 3, unknown_identity: 1 } });
    expect(cmcc.unknown).toEqual([expect.objectContaining({ identity: '868120309999999', where: 'dev_id 99', count: 1 })]);
  });
});

describe('a platform gone silent', () => {
  it('leaves each of its devices with the offline fault, as a native device that stops reporting', async () => {
    const index = indexDistrict(District.parse(districtWithPlatforms()));
    const t0 = Date.parse('2026-12-07T10:00:00Z');
    const clock = new ManualClock(t0);
    const pipeline = new LivePipeline(index, bundledRules(), LIVE, clock, createMetrics({ processMetrics: false }), () => {});
    const codecs = new CodecRunner(loadCodecs());
    try {
      const source = new PushSource('vendor', 'webhook', VENDOR_SECRET, { index, codecs, topics: topicsFor(LIVE, index.district.id), now: () => clock.now(), deliver: (topic, payload) => pipeline.onMqttMessage(topic, payload) });
      const text = JSON.stringify({ id: 'v1', device: 'VX-0001', time: t0, readings: { gas_lel: 0 } });
      const answer = await source.take({ body: Buffer.from(text), query: new URLSearchParams(), header: (n) => (n === 'x-signature' ? `sha256=${createHmac('sha256', VENDOR_SECRET).update(text).digest('hex')}` : undefined) });
      expect(answer).toMatchObject({ status: 200, body: { taken: 1 } });
      pipeline.tick();
      expect(pipeline.core.openAlarms().filter((a) => a.deviceId === 'gas-b1-201')).toEqual([]);
      clock.advance(REPORT_INTERVAL_MS.gas * 3 + 1000);
      pipeline.tick();
      expect(pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-b1-201')).toMatchObject({ kind: 'device_offline' });
    } finally { await codecs.close(); pipeline.close(); }
  });

  it('gives a command through a platform the time its device takes to wake (10 minutes), not a native device\'s 10 s', async () => {
    const index = indexDistrict(District.parse(districtWithPlatforms()));
    const clock = new ManualClock(Date.parse('2026-12-07T10:00:00Z'));
    const pipeline = new LivePipeline(index, bundledRules(), LIVE, clock, createMetrics({ processMetrics: false }), () => {});
    try {
      const viaPlatform = pipeline.desks.sendCommand('gas-b1-201', 'close_valve', { id: 'u-duty', name: '值班员' });
      const native = pipeline.desks.sendCommand('gas-a2-502', 'close_valve', { id: 'u-duty', name: '值班员' });
      if (!viaPlatform.ok || !native.ok) throw new Error('not sent');
      const stateOf = (deviceId: string, reqId: string) => pipeline.core.commands.of(deviceId).find((c) => c.reqId === reqId)?.state;
      clock.advance(COMMAND_TIMEOUT_MS + 1000);
      pipeline.tick();
      expect([stateOf('gas-a2-502', native.reqId), stateOf('gas-b1-201', viaPlatform.reqId)]).toEqual(['timed_out', 'sent']);
      clock.advance(PLATFORM_COMMAND_TIMEOUT_MS);
      pipeline.tick();
      expect(stateOf('gas-b1-201', viaPlatform.reqId)).toBe('timed_out');
    } finally { pipeline.close(); }
  });
});
