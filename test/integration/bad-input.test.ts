// Bad input on the MQTT path is refused, counted by reason in /metrics, raises no alarm, changes
// nothing in the twin, and the server keeps serving.
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

const T = (id: string) => `twin/jinhe/dev/${id}/telemetry`;
const json = (v: unknown) => JSON.stringify(v);

// Another district's traffic and unknown devices are not counted here: the broker's ACL drops them before
// the twin sees them (broker-security.test.ts); the twin's own check is tested in bridge/interpret.test.ts.
const CASES: [string, string, string | Buffer, string][] = [
  ['not JSON', T('gas-a1-301'), 'gas_lel=90', 'not_parseable'],
  ['broken JSON', T('gas-a1-301'), '{"readings": {"gas_lel": 90', 'not_parseable'],
  ['garbage bytes', T('gas-a1-301'), Buffer.from([0x00, 0xff, 0x13, 0x37]), 'not_parseable'],
  ['wrong type of value', T('gas-a1-301'), json({ readings: { gas_lel: '90' } }), 'wrong_type'],
  ['wrong type of seq', T('gas-a1-301'), json({ seq: 'one', readings: { gas_lel: 90 } }), 'wrong_type'],
  ['no readings', T('gas-a1-301'), json({ ts: 1 }), 'bad_shape'],
  ['unknown quantity', T('gas-a1-301'), json({ readings: { gas_lel: 90, co_ppm: 400 } }), 'unknown_quantity'],
  ['impossible value', T('gas-a1-301'), json({ readings: { gas_lel: 250 } }), 'out_of_range'],
  ['impossible value in MessagePack', T('crane-d1'), pack({ readings: { wind_mps: -5 } }), 'out_of_range'],
  // Over the codec's 64 KiB, under the broker's packet limit (a larger packet ends the connection: broker-security.test.ts).
  ['a 100 KB payload', T('gas-a1-301'), Buffer.concat([Buffer.from('{"readings":{"gas_lel":90},"pad":"'), Buffer.alloc(100 * 1024, 0x61), Buffer.from('"}')]), 'oversized'],
];

describe('bad input on the MQTT path', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  const metrics = async () => (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();

  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/alarm/#', 'twin/jinhe/cap']);
  });
  afterAll(async () => { await probe?.close(); await twin?.stop(); });

  it('every reason is counted, nothing raises an alarm, and the twin is unchanged', async () => {
    const before = await metrics();
    const deviceBefore = twin.pipeline.core.devices.get('gas-a1-301');
    for (const [, topic, payload] of CASES) await probe.publish(topic, payload);

    const expected = new Map<string, number>();
    for (const [, , , reason] of CASES) expected.set(reason, (expected.get(reason) ?? 0) + 1);
    await until(async () => {
      const text = await metrics();
      return [...expected].every(([reason, n]) => metricValue(text, 'twin_mqtt_messages_rejected_total', { reason }) === (metricValue(before, 'twin_mqtt_messages_rejected_total', { reason }) ?? 0) + n);
    }, 30_000, 'rejection counters');

    expect(twin.pipeline.core.openAlarms()).toEqual([]);
    expect(probe.messages).toEqual([]);
    expect(twin.pipeline.core.devices.get('gas-a1-301')).toEqual(deviceBefore);
    expect(metricValue(await metrics(), 'twin_alarms_raised_total', { level: 'I' })).toBe(0);
  });

  it('the server keeps working: a good reading after the bad ones raises its alarm', async () => {
    const health = await fetch(`${twin.httpUrl}api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mqtt: 'connected' });
    await probe.publish(T('gas-a1-301'), json({ seq: 3, readings: { gas_lel: 45 } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'alarm after bad input');
    const text = await metrics();
    expect(metricValue(text, 'twin_alarms_raised_total', { level: 'I' })).toBe(1); // II for 45 %LEL, I as she lives alone
    expect(metricValue(text, 'twin_alarms_open', { level: 'I' })).toBe(1);
    expect(metricValue(text, 'twin_readings_accepted_total', { format: 'json' })).toBe(1);
  });

  it('a flood of bad messages from one device is logged at most once a minute', async () => {
    const lines: string[] = [];
    const quiet = await startTestTwin({}, { log: (l) => lines.push(l) });
    const p = await MqttProbe.connect(quiet.mqttUrl);
    for (let i = 0; i < 50; i++) await p.publish(T('gas-a1-301'), 'nonsense', { qos: 0 });
    await p.publish(T('gas-a2-502'), 'nonsense');
    await until(async () => metricValue(await (await fetch(`${quiet.httpUrl}metrics`, SCRAPE)).text(), 'twin_mqtt_messages_rejected_total', { reason: 'not_parseable' }) === 51, 30_000, '51 rejections');
    expect(lines.filter((l) => l.includes('gas-a1-301'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('gas-a2-502'))).toHaveLength(1);
    await p.close();
    await quiet.stop();
  });
});

describe('sequence numbers on the MQTT path', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  beforeAll(async () => { twin = await startTestTwin(); probe = await MqttProbe.connect(twin.mqttUrl); });
  afterAll(async () => { await probe?.close(); await twin?.stop(); });

  it('drops duplicates, never lets a late reading overwrite a newer one, and follows a reboot', async () => {
    const send = (seq: number, lel: number) => probe.publish(T('gas-a2-502'), json({ seq, readings: { gas_lel: lel } }));
    await send(10, 1);
    await send(12, 2);
    await send(12, 2);   // resent
    await send(11, 45);  // arrives after 12: an older state of the room
    await send(1, 3);    // the detector rebooted
    await until(async () => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_device_restarts_total') === 1, 30_000, 'the restart');
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(text, 'twin_mqtt_messages_dropped_total', { reason: 'duplicate' })).toBe(1);
    expect(metricValue(text, 'twin_mqtt_messages_dropped_total', { reason: 'late' })).toBe(1);
    expect(twin.pipeline.core.devices.get('gas-a2-502')!.readings).toEqual({ gas_lel: 3 });
    expect(twin.pipeline.core.openAlarms()).toEqual([]); // the late 45 %LEL raised nothing
  });
});
