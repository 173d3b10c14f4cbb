// The contract's broker rules, tried as an attacker would: on the embedded broker (anonymous, then
// with DEVICE_KEYS written by `npm run devices:keys`), and on Debian's Mosquitto configured by
// `npm run broker:config`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeviceKeys } from '../../bridge/deviceKeys';
import type { RunningTwin } from '../../sim-server/app';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { freePort, waitForPort } from '../helpers/ports';
import { spawnScript } from '../helpers/serverProcess';
import { AS_OPERATOR, startTestTwin } from '../helpers/twin';
import { selfSignedCertificate } from '../../scripts/selfSignedCertificate';

const refusedCount = async (twin: RunningTwin, what: string) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_broker_refused_total', { what }) ?? 0;
const connect = (url: string, opts: IClientOptions = {}) => mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
const GAS = 'gas-a1-301';
const reading = (seq: number, lel: number) => JSON.stringify({ ts: Date.now(), seq, readings: { gas_lel: lel } });

describe('the embedded broker, without keys', () => {
  let twin: RunningTwin;
  let watcher: MqttProbe; // reads everything, as the operator may
  beforeAll(async () => {
    twin = await startTestTwin();
    watcher = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/#'], AS_OPERATOR);
  });
  afterAll(async () => { await watcher?.close(); await twin?.stop(); });

  it('binds to HOST only', async () => {
    const other = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.2', port: Number(new URL(twin.mqttUrl).port) });
      s.once('connect', () => { s.destroy(); resolve('connected'); });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(other).toBe('ECONNREFUSED');
    expect(new URL(twin.mqttUrl).hostname).toBe('127.0.0.1');
  });

  it('drops what only the twin may publish, keeps the client connected, and counts it', async () => {
    const attacker = await connect(twin.mqttUrl);
    const before = await refusedCount(twin, 'publish');
    for (const [topic, payload] of [
      ['twin/jinhe/alarm/fake-1', JSON.stringify({ id: 'fake-1', level: 'I' })], ['twin/jinhe/cap', '<alert/>'],
      [`twin/jinhe/dev/${GAS}/cmd`, '{"cmd":"close_valve","reqId":"x"}'], ['twin/jinhe/notify/sms', '{}'],
      ['drill/d1/jinhe/alarm/x', '{}'], ['twin/jinhe/dev/ghost/telemetry', reading(1, 90)],
    ] as const) await attacker.publishAsync(topic, payload, { qos: 1, retain: true });
    await until(async () => (await refusedCount(twin, 'publish')) === before + 6, 30_000, 'six refusals counted');
    expect(attacker.connected).toBe(true);
    // A real alarm, then an attempt to wipe its retained message with an empty payload.
    await attacker.publishAsync(`twin/jinhe/dev/${GAS}/telemetry`, reading(1, 40), { qos: 1 });
    const alarm = await watcher.waitFor((m) => m.topic.startsWith('twin/jinhe/alarm/') && m.payload.length > 0, 30_000, 'the real alarm');
    await attacker.publishAsync(alarm.topic, '', { qos: 1, retain: true });
    await until(async () => (await refusedCount(twin, 'publish')) === before + 7, 30_000, 'the wipe refused');
    await attacker.endAsync();

    // A late subscriber sees the real alarm retained, and nothing of the fakes.
    const late = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/alarm/#', 'twin/jinhe/cap']);
    await late.waitFor((m) => m.topic === alarm.topic && m.retain && m.payload.length > 0, 30_000, 'the retained real alarm');
    await late.close();
    expect(late.messages.map((m) => m.topic)).toEqual([alarm.topic]);
    // The twin's own notifications of the real alarm went out; none of the attacker's messages did.
    expect(watcher.messages.filter((m) => m.topic.includes('fake') || m.topic.endsWith('/cmd') || m.payload.toString() === '{}' || m.payload.toString() === '<alert/>')).toEqual([]);
  });

  it('refuses a subscription outside alarms and CAP in the SUBACK, and the client stays', async () => {
    const nosy = await connect(twin.mqttUrl);
    const granted = await nosy.subscribeAsync(['twin/jinhe/alarm/#', '#', 'twin/jinhe/notify/#', `twin/jinhe/dev/${GAS}/cmd`], { qos: 1 }).catch((e: { packet?: { granted: number[] } }) => e.packet?.granted.map((qos) => ({ qos })) ?? []);
    expect(granted.map((g) => g.qos)).toEqual([1, 128, 128, 128]);
    expect(nosy.connected).toBe(true);
    await nosy.endAsync();
  });

  it('nobody can take the twin\'s own client id: refused, and the twin keeps its session', async () => {
    const before = await refusedCount(twin, 'client_id');
    const err = await connect(twin.mqttUrl, { clientId: twin.mqttClientId }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/Identifier rejected/i);
    expect(await refusedCount(twin, 'client_id')).toBe(before + 1);
    expect((await (await fetch(`${twin.httpUrl}api/health`)).json()).mqtt).toBe('connected');
    const p = await MqttProbe.connect(twin.mqttUrl);
    await p.publish(`twin/jinhe/dev/smk-a3-101/telemetry`, JSON.stringify({ readings: { alarm: true } }));
    await p.close();
    await until(() => twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'smk-a3-101'), 30_000, 'readings still reach the twin');
  });

  it('a packet over the size limit ends that connection, is counted, and costs the twin nothing', async () => {
    const big = await connect(twin.mqttUrl);
    const closed = new Promise<void>((resolve) => big.once('close', () => resolve()));
    big.publish(`twin/jinhe/dev/${GAS}/telemetry`, Buffer.alloc(1024 * 1024, 0x61), { qos: 0 });
    await closed;
    big.end(true);
    expect(await refusedCount(twin, 'oversized')).toBe(1);
    expect((await fetch(`${twin.httpUrl}api/health`)).status).toBe(200);
  });
});

describe('the embedded broker with DEVICE_KEYS from npm run devices:keys', () => {
  let twin: RunningTwin;
  let keys: Map<string, { key: string }>;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.csv');
    const cli = spawnScript('scripts/device-keys.ts', ['--out', file, '--gateways', '1', '--viewers', '1']);
    expect(await cli.exit).toBe(0);
    expect(cli.out.stdout).toMatch(/device, 1 gateway and 1 viewer key\(s\) for district "jinhe"/);
    keys = parseDeviceKeys(readFileSync(file, 'utf8'));
    twin = await startTestTwin({ DEVICE_KEYS: file });
  });
  afterAll(async () => { await twin?.stop(); });
  const as = (id: string, key = keys.get(id)!.key) => connect(twin.mqttUrl, { clientId: id, username: id, password: key });

  it('refuses anonymous clients, unknown ones and wrong keys', async () => {
    for (const attempt of [connect(twin.mqttUrl), connect(twin.mqttUrl, { clientId: 'x', username: 'x', password: 'y'.repeat(20) }), as(GAS, 'wrong-key-wrong-key-wrong')]) {
      expect((await attempt.then(() => null, (e: Error) => e))?.message).toMatch(/Bad username or password/i);
    }
    expect(await refusedCount(twin, 'connect')).toBe(3);
  });

  it('a device publishes only under its own id and reads only its own commands; a gateway reads notifications; a viewer alarms', async () => {
    const gateway = await as('gateway-1');
    const granted = await gateway.subscribeAsync(['twin/jinhe/notify/#', 'twin/jinhe/dev/+/cmd', 'twin/jinhe/alarm/#'], { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1]);
    const viewer = await as('viewer-1');
    await viewer.subscribeAsync(['twin/jinhe/alarm/#'], { qos: 1 });
    const viewerSaw: string[] = [];
    viewer.on('message', (t) => viewerSaw.push(t));
    const gatewaySaw: string[] = [];
    gateway.on('message', (t) => gatewaySaw.push(t));

    const device = await as(GAS);
    expect((await device.subscribeAsync(`twin/jinhe/dev/${GAS}/cmd`, { qos: 1 }))[0]!.qos).toBe(1);
    const other = await device.subscribeAsync('twin/jinhe/dev/smk-a3-101/cmd', { qos: 1 }).then((g) => g[0]!.qos, () => 128);
    expect(other).toBe(128);
    await device.publishAsync('twin/jinhe/dev/smk-a3-101/telemetry', JSON.stringify({ readings: { alarm: true } }), { qos: 1 }); // not its own
    await device.publishAsync(`twin/jinhe/dev/${GAS}/telemetry`, reading(1, 40), { qos: 1 });
    await until(() => twin.pipeline.core.openAlarms().length > 0, 30_000, 'the device\'s own alarm');
    expect(twin.pipeline.core.openAlarms().map((a) => a.deviceId)).toEqual([GAS]);
    await until(() => viewerSaw.length > 0 && gatewaySaw.some((t) => t.includes('/notify/')), 30_000, 'the alarm and its notifications');
    await Promise.all([gateway.endAsync(), viewer.endAsync(), device.endAsync()]);
  });
});

describe('Debian\'s Mosquitto configured by npm run broker:config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broker-config-'));
  let port = 0;
  let stop: () => Promise<void> = async () => {};
  let twin: RunningTwin | null = null;
  let keys: Map<string, { key: string }>;
  afterAll(async () => { await twin?.stop(); await stop(); });

  it('writes a configuration Mosquitto runs, and enforces the same rules', async () => {
    port = await freePort();
    const keyFile = join(dir, 'keys.csv');
    expect(await spawnScript('scripts/device-keys.ts', ['--out', keyFile]).exit).toBe(0);
    keys = parseDeviceKeys(readFileSync(keyFile, 'utf8'));
    const tlsPort = await freePort();
    selfSignedCertificate(join(dir, 'tls'));
    const cli = spawnScript('scripts/broker-config.ts', ['--out', join(dir, 'broker'), '--keys', keyFile, '--port', String(port), '--tls', join(dir, 'tls'), '--tls-port', String(tlsPort)], { MQTT_PASSWORD: 'twin-password-for-test' });
    expect(await cli.exit).toBe(0);
    expect(cli.out.stdout).toContain(`mosquitto -c ${join(dir, 'broker')}/mosquitto.conf`);
    const proc = spawn('mosquitto', ['-c', join(dir, 'broker', 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    stop = async () => { proc.kill('SIGTERM'); await exited; };
    await waitForPort(port).catch(() => { throw new Error(`mosquitto did not start: ${stderr}`); });
    const url = `mqtt://127.0.0.1:${port}`;

    twin = await startTestTwin({ MQTT_URL: url, MQTT_USERNAME: 'street-twin', MQTT_PASSWORD: 'twin-password-for-test' });
    expect((await connect(url).then(() => null, (e: Error) => e))?.message).toMatch(/not authorized|Bad username/i);

    const viewer = await MqttProbe.connect(url, ['twin/jinhe/alarm/#', 'twin/jinhe/cap'], { clientId: 'viewer-1', username: 'viewer-1', password: keys.get('viewer-1')!.key });
    const device = await connect(url, { clientId: GAS, username: GAS, password: keys.get(GAS)!.key });
    await device.publishAsync('twin/jinhe/alarm/fake', '{"fake":true}', { qos: 1, retain: true }); // dropped by the ACL
    await device.publishAsync('twin/jinhe/dev/smk-a3-101/telemetry', JSON.stringify({ readings: { alarm: true } }), { qos: 1 }); // not its own
    await device.publishAsync(`twin/jinhe/dev/${GAS}/telemetry`, reading(1, 40), { qos: 1 });
    await viewer.waitFor((m) => m.topic === 'twin/jinhe/cap', 10_000, 'the CAP Alert of the device\'s own reading');
    expect(twin.pipeline.core.openAlarms().map((a) => a.deviceId)).toEqual([GAS]);
    expect(viewer.messages.some((m) => m.topic === 'twin/jinhe/alarm/fake')).toBe(false);
    await device.endAsync();
    // Over TLS, as a device outside the machine reports: its key logs in; the client id is its user name, so a
    // client cannot pose as another device by its id.
    const overTls = await connect(`mqtts://127.0.0.1:${tlsPort}`, { clientId: GAS, username: GAS, password: keys.get(GAS)!.key, ca: readFileSync(join(dir, 'tls', 'twin.crt')), servername: 'localhost' });
    await overTls.publishAsync(`twin/jinhe/dev/${GAS}/telemetry`, reading(2, 45), { qos: 1 });
    await until(() => twin!.pipeline.core.devices.get(GAS)?.lastSeq === 2, 10_000, 'the reading sent over TLS');
    await overTls.endAsync();
    expect(readFileSync(join(dir, 'broker', 'mosquitto.conf'), 'utf8')).toMatch(/^use_username_as_clientid true$/m);
    await viewer.close();
  });
});
