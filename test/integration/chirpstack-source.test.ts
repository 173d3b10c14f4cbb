// A ChirpStack v4 network server's events through a real Mosquitto, shaped as ChirpStack's API definitions give
// them (integration.proto's UplinkEvent and StatusEvent in protobuf's JSON encoding), into the live pipeline: a
// bytes-only uplink decoded by the device model's codec, and one ChirpStack already decoded into `object`, each
// raise the right alarm on the right device; a replayed uplink (same fCnt) is dropped as a duplicate; an
// unknown DevEUI and a frame the codec refuses are refused with a reason, counted, and kept for someone to see;
// a status event gives the battery.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt, type MqttLink } from '../../bridge/mqttLink';
import { LIVE, topicsFor } from '../../bridge/topics';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { ManualClock } from '../../sim-server/clock';
import { LivePipeline } from '../../sim-server/livePipeline';
import { createMetrics } from '../../sim-server/metrics';
import { UPLINK_SUBSCRIPTION } from '../../sim-server/sources/chirpstackEvents';
import { CHIRPSTACK_CONNECTIONS } from '../../sim-server/sources/deviceSources';
import { ChirpstackSource } from '../../sim-server/sources/chirpstackSource';
import type { Taken } from '../../sim-server/sources/sourceDevices';
import { CodecRunner, loadCodecs } from '../../sim-server/sources/codecRunner';
import { bundledRules } from '../helpers/fixtures';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

const APP = '7f3a1c2e-5b8d-4e6f-9a01-23456789abcd';
const GAS_EUI = 'a840410000000101', SMOKE_EUI = 'a840410000000102';
const AT = Date.parse('2026-12-07T10:00:00Z');

/** An UplinkEvent as ChirpStack v4 publishes it (proto3 JSON: camelCase, bytes in base64). */
function uplink(devEui: string, fCnt: number, fPort: number, bytes: number[], object?: Record<string, unknown>) {
  return {
    deduplicationId: `3ac7e3c4-4401-4b8d-9386-${String(fCnt).padStart(12, '0')}`,
    time: new Date(AT + fCnt * 1000).toISOString(),
    deviceInfo: { tenantId: '52f14cd4-c6f1-4fbd-8f87-4025e1d49242', tenantName: 'ChirpStack', applicationId: APP, applicationName: '锦河街道传感器', deviceProfileId: 'cb86c5a9-0b1f-4a39-8d4c-1a2b3c4d5e6f', deviceProfileName: 'street-twin v1', deviceName: devEui, devEui, tags: {} },
    devAddr: '00189440', adr: true, dr: 5, fCnt, fPort, confirmed: false,
    data: Buffer.from(bytes).toString('base64'),
    ...(object ? { object } : {}),
    rxInfo: [{ gatewayId: '0016c001f153a14c', uplinkId: 4217106255, rssi: -58, snr: 9.5, channel: 2, location: {}, context: 'EFwMtA==', metadata: { region_common_name: 'CN470', region_config_id: 'cn470_10' }, crcStatus: 'CRC_OK' }],
    txInfo: { frequency: 470300000, modulation: { lora: { bandwidth: 125000, spreadingFactor: 7, codeRate: 'CR_4_5' } } },
  };
}

/** The bundled district with two devices reporting through ChirpStack. */
function districtWithLoRa() {
  const raw = JSON.parse(readFileSync(new URL('../../twin-assets/districts/default.district.json', import.meta.url), 'utf8')) as { devices: Record<string, unknown>[] };
  for (const d of raw.devices) {
    if (d.id === 'gas-a1-301') Object.assign(d, { source: 'chirpstack', externalId: GAS_EUI, model: 'twin-gas-v1' });
    if (d.id === 'smk-a1-301') Object.assign(d, { source: 'chirpstack', externalId: SMOKE_EUI, model: 'twin-smoke-v1' });
  }
  return raw;
}

describe('a ChirpStack network server as a device source', () => {
  let broker: Mosquitto;
  let link: MqttLink;
  let pub: mqtt.MqttClient;
  let codecs: CodecRunner;
  const metrics = createMetrics({ processMetrics: false });
  const taken: Taken[] = [];
  let source: ChirpstackSource;
  let pipeline: LivePipeline;

  beforeAll(async () => {
    broker = await startMosquitto();
    const index = indexDistrict(District.parse(districtWithLoRa()));
    const clock = new ManualClock(AT + 5_000);
    pipeline = new LivePipeline(index, bundledRules(), LIVE, clock, metrics, () => {});
    codecs = new CodecRunner(loadCodecs());
    source = new ChirpstackSource('chirpstack-1', {
      index, codecs, topics: topicsFor(LIVE, index.district.id), now: () => clock.now(),
      deliver: (topic, payload) => pipeline.onMqttMessage(topic, payload),
      count: (outcome) => metrics.sourceMessages.inc({ source: 'chirpstack-1', outcome }),
      publish: (topic, payload) => link.publish(topic, payload, { qos: 1 }),
    }, APP);
    pipeline.announcer.routeCommands(source.route);
    link = await connectMqtt(broker.url, 'twin-chirpstack-test', [UPLINK_SUBSCRIPTION(APP)], async (topic, payload) => { taken.push(await source.take(topic, payload)); });
    pub = await mqtt.connectAsync(broker.url, { clientId: 'chirpstack-test' });
  }, 60_000);
  afterAll(async () => { await pub?.endAsync(); await link?.close(); await codecs?.close(); await broker?.stop(); });

  const send = async (devEui: string, event: string, body: object) => {
    const before = taken.length;
    await pub.publishAsync(`application/${APP}/device/${devEui}/event/${event}`, JSON.stringify(body), { qos: 1 });
    await until(() => taken.length > before, 30_000, `the ${event} event taken`);
    return taken[taken.length - 1]!;
  };

  it('raises the gas alarm from a bytes-only uplink decoded by the model\'s codec, and drops its replay', async () => {
    expect(await send(GAS_EUI, 'up', uplink(GAS_EUI, 10, 10, [1, 0x01, 0x90]))).toEqual({ ok: true, deviceId: 'gas-a1-301' });
    const alarm = pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-a1-301');
    // 40 %LEL is level II; an old woman living alone in that flat grades it up to I (the same grading as every alarm).
    expect(alarm).toMatchObject({ kind: 'gas_leak', level: 'I', state: 'active_unacked' });
    expect(pipeline.core.devices.get('gas-a1-301')).toMatchObject({ readings: { gas_lel: 40 }, lastSeq: 10, lastTs: AT + 10_000 });
    // The same uplink again (a QoS 1 redelivery, a replay): the native path's sequence check drops it.
    expect(await send(GAS_EUI, 'up', uplink(GAS_EUI, 10, 10, [1, 0x01, 0x90]))).toEqual({ ok: true, deviceId: 'gas-a1-301' });
    expect(metricValue(await metrics.registry.metrics(), 'twin_mqtt_messages_dropped_total', { reason: 'duplicate' })).toBe(1);
  });

  it('takes ChirpStack\'s own decoded object when it names the device type\'s quantities', async () => {
    await send(SMOKE_EUI, 'up', uplink(SMOKE_EUI, 3, 11, [], { alarm: true, smoke_obscuration_pct_m: 3, temperature_c: 50 }));
    expect(pipeline.core.openAlarms().find((a) => a.deviceId === 'smk-a1-301')).toMatchObject({ kind: 'fire', level: 'I', state: 'active_unacked' });
  });

  it('refuses an unknown DevEUI (kept for registering) and a frame the codec refuses, each counted', async () => {
    expect(await send('a8404100000009ff', 'up', uplink('a8404100000009ff', 1, 10, [1, 0, 0]))).toMatchObject({ ok: false, reason: 'unknown_identity', detail: expect.stringContaining('register it') });
    expect(source.devices.unknown.get('a8404100000009ff')).toMatchObject({ where: APP, count: 1 });
    expect(await send(GAS_EUI, 'up', uplink(GAS_EUI, 11, 10, [2]))).toMatchObject({ ok: false, reason: 'codec_error', detail: expect.stringContaining('gas-a1-301 (twin-gas-v1): expected a street-twin v1 gas frame') });
    expect(await send(GAS_EUI, 'up', { ...uplink(GAS_EUI, 12, 10, []), data: 'not base64!' })).toMatchObject({ ok: false, reason: 'bad_shape' });
    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'twin_source_messages_total', { source: 'chirpstack-1', outcome: 'unknown_identity' })).toBe(1);
    expect(metricValue(text, 'twin_source_messages_total', { source: 'chirpstack-1', outcome: 'codec_error' })).toBe(1);
    expect(metricValue(text, 'twin_source_messages_total', { source: 'chirpstack-1', outcome: 'taken' })).toBe(3);
  });

  it('sends a command as a confirmed downlink its codec encodes, and takes ChirpStack\'s ack as the answer', async () => {
    const down = `application/${APP}/device/${GAS_EUI}/command/down`;
    await pub.subscribeAsync(down, { qos: 1 });
    const queued = new Promise<{ id: string; devEui: string; confirmed: boolean; fPort: number; data: string }>((resolve) => pub.once('message', (topic, payload) => { if (topic === down) resolve(JSON.parse(String(payload))); }));
    const sent = pipeline.desks.sendCommand('gas-a1-301', 'close_valve', { id: 'u-duty', name: '值班员' });
    if (!sent.ok) throw new Error(sent.message);
    const command = await queued;
    expect(command).toMatchObject({ devEui: GAS_EUI, confirmed: true, fPort: 20, data: Buffer.from([1, 1]).toString('base64') });
    expect(pipeline.core.commands.of('gas-a1-301').find((c) => c.reqId === sent.reqId)).toMatchObject({ state: 'sent' });
    // ChirpStack's AckEvent: the device acknowledged the confirmed downlink.
    await send(GAS_EUI, 'ack', { deduplicationId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', time: new Date(AT).toISOString(), deviceInfo: uplink(GAS_EUI, 0, 0, []).deviceInfo, queueItemId: command.id, acknowledged: true, fCntDown: 3 });
    expect(pipeline.core.commands.of('gas-a1-301').find((c) => c.reqId === sent.reqId)).toMatchObject({ state: 'done', result: expect.stringContaining('acknowledged') });
    // A command the model cannot encode is refused at once, with the codec's reason.
    const refused = pipeline.desks.sendCommand('smk-a1-301', 'close_valve', { id: 'u-duty', name: '值班员' });
    if (!refused.ok) throw new Error(refused.message);
    await until(() => pipeline.core.commands.of('smk-a1-301').some((c) => c.reqId === refused.reqId && c.state === 'refused'), 30_000, 'the refusal');
    expect(pipeline.core.commands.of('smk-a1-301').find((c) => c.reqId === refused.reqId)!.result).toContain('twin-smoke-v1 cannot encode "close_valve"');
  });

  it('gives the device its battery from a status event', async () => {
    await send(GAS_EUI, 'status', { deduplicationId: '9b7e3a55-0c1d-4f2e-8a3b-5c6d7e8f9a0b', time: new Date(AT).toISOString(), deviceInfo: uplink(GAS_EUI, 0, 0, []).deviceInfo, margin: 7, externalPowerSource: false, batteryLevelUnavailable: false, batteryLevel: 87.5 });
    expect(pipeline.core.devices.get('gas-a1-301')).toMatchObject({ online: true, battery: 87.5 });
  });
});

describe('SOURCES at start: ChirpStack publishing to the twin\'s own broker', () => {
  it('takes its uplinks as the devices\' own readings: the alarm is on /api/alarms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    writeFileSync(join(dir, 'district.json'), JSON.stringify(districtWithLoRa()));
    writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ id: 'lora', kind: 'chirpstack', applicationId: APP }]));
    const logged: string[] = [];
    const twin = await startTestTwin({ DISTRICT: join(dir, 'district.json'), SOURCES: join(dir, 'sources.json') }, { log: (l: string) => logged.push(l) });
    const ns = await mqtt.connectAsync(twin.mqttUrl, { clientId: 'chirpstack' });
    try {
      expect(logged.join('\n')).toContain(`source lora: ChirpStack events from the twin's own broker, application ${APP}; 2 device(s) of the district have a DevEUI`);
      await ns.publishAsync(`application/${APP}/device/${GAS_EUI}/event/up`, JSON.stringify({ ...uplink(GAS_EUI, 1, 10, [1, 0x01, 0xf4]), time: new Date().toISOString() }), { qos: 1 });
      await until(async () => ((await (await fetch(`${twin.httpUrl}api/alarms`)).json()) as { deviceId: string }[]).some((a) => a.deviceId === 'gas-a1-301'), 30_000, 'the gas alarm on /api/alarms');
      await ns.publishAsync(`application/other-app/device/${SMOKE_EUI}/event/up`, JSON.stringify(uplink(SMOKE_EUI, 1, 11, [1, 1, 0, 0, 0, 0])), { qos: 1 });
      expect(twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'smk-a1-301')).toBe(false);
    } finally {
      await ns.endAsync();
      await twin.stop();
    }
  }, 120_000);
  it('on an outside broker, takes them on connections sharing the subscription: each uplink once', async () => {
    const broker = await startMosquitto();
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    writeFileSync(join(dir, 'district.json'), JSON.stringify(districtWithLoRa()));
    writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ id: 'lora', kind: 'chirpstack', applicationId: APP }]));
    const logged: string[] = [];
    const twin = await startTestTwin({ DISTRICT: join(dir, 'district.json'), SOURCES: join(dir, 'sources.json'), MQTT_URL: broker.url }, { log: (l: string) => logged.push(l) });
    const ns = await mqtt.connectAsync(broker.url, { clientId: 'chirpstack' });
    try {
      expect(logged.join('\n')).toContain(`on ${CHIRPSTACK_CONNECTIONS} connections sharing the subscription`);
      const t0 = Date.now();
      for (let f = 1; f <= 40; f++) await ns.publishAsync(`application/${APP}/device/${GAS_EUI}/event/up`, JSON.stringify({ ...uplink(GAS_EUI, f, 10, [1, 0, f]), time: new Date(t0 + f * 1000).toISOString() }), { qos: 1 });
      const taken = async () => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_source_messages_total', { source: 'lora', outcome: 'taken' }) ?? 0;
      // Then a status event: once its battery shows, every connection it could have reached has the uplinks behind it.
      await ns.publishAsync(`application/${APP}/device/${GAS_EUI}/event/status`, JSON.stringify({ deduplicationId: '9b7e3a55-0c1d-4f2e-8a3b-5c6d7e8f9a0c', time: new Date(t0).toISOString(), deviceInfo: uplink(GAS_EUI, 0, 0, []).deviceInfo, margin: 7, externalPowerSource: false, batteryLevelUnavailable: false, batteryLevel: 61 }), { qos: 1 });
      await until(async () => twin.pipeline.core.devices.get('gas-a1-301')?.battery === 61 && (await taken()) >= 41, 30_000, 'the uplinks and the status taken');
      // Each once (a subscription not shared would take each on every connection), the newest reading standing.
      expect(await taken()).toBe(41);
      expect(twin.pipeline.core.devices.get('gas-a1-301')?.readings).toMatchObject({ gas_lel: 4 });
    } finally {
      await ns.endAsync();
      await twin.stop();
      await broker.stop();
    }
  }, 120_000);
});
