// Fuzzing the MQTT path through a real broker: thousands of random and mutated payloads and topics.
// The server stays up, counts every rejection by reason, and rejected messages change nothing.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpretDeviceMessage } from '../../bridge/interpret';
import { QUANTITIES } from '../../twin-assets/deviceCatalog';
import type { RunningTwin } from '../../sim-server/app';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

const SEED = 20261123;
const RUNS = 3000;

describe('fuzz: the MQTT path', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl);
  });
  afterAll(async () => { await probe?.close(); await twin?.stop(); });

  it(`${RUNS} random and mutated messages: all rejected ones counted by reason, none changes the twin`, async () => {
    const devices = twin.loaded.district.devices;
    const ids = devices.map((d) => d.id);
    const quantities = [...new Set(Object.values(QUANTITIES).flatMap((q) => Object.keys(q)))];
    const deviceId = fc.oneof(fc.constantFrom(...ids), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[/+#\u0000]/.test(s)));
    const topic = fc.tuple(deviceId, fc.constantFrom('telemetry', 'telemetry', 'status', 'ack')).map(([id, leaf]) => `twin/jinhe/dev/${id}/${leaf}`);
    const value = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string(), fc.constant(null), fc.jsonValue());
    const mutatedReading = fc.record({
      ts: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)),
      seq: fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.double(), fc.string(), fc.constant(undefined)),
      readings: fc.oneof(fc.dictionary(fc.constantFrom(...quantities, 'gas_ppm', '__proto__', ''), value, { maxKeys: 4 }), value),
    }, { requiredKeys: [] });
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      mutatedReading.map((v) => Buffer.from(JSON.stringify(v))),
      mutatedReading.map((v) => pack(v)),
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
    );
    const samples = fc.sample(fc.tuple(topic, payload), { seed: SEED, numRuns: RUNS });

    // The messages the bridge refuses, by reason, judged by the same pure function the twin runs.
    const rejected = samples.filter(([t, p]) => !interpretDeviceMessage({ districtId: 'jinhe', typeOf: (id) => twin.pipeline.index.devices.get(id)?.type }, t, p, Date.now()).ok);
    expect(rejected.length).toBeGreaterThan(RUNS * 0.8);
    const byReason = new Map<string, number>();
    for (const [t, p] of rejected) {
      const r = interpretDeviceMessage({ districtId: 'jinhe', typeOf: (id) => twin.pipeline.index.devices.get(id)?.type }, t, p, Date.now());
      if (!r.ok) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    }
    expect(byReason.size).toBeGreaterThanOrEqual(5);
    expect(byReason.get('unknown_device')).toBeGreaterThan(0);

    const before = { devices: ids.map((id) => twin.pipeline.core.devices.get(id)), alarms: twin.pipeline.core.openAlarms() };
    const metricsBefore = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    // Every 200th waits until it is written to the socket: the client's buffer drains as the broker reads.
    for (let i = 0; i < rejected.length; i++) {
      const [t, p] = rejected[i]!;
      const sent = probe.client.publishAsync(t, p, { qos: 0 });
      if (i % 200 === 199) await sent;
    }
    // Unknown devices never reach the twin, nor a command's answer from a client that is not the device: the
    // broker's ACL drops them, and counts them.
    const refusedByBroker = (t: string) => !twin.pipeline.index.devices.has(t.split('/')[3]!) || t.endsWith('/ack');
    const atBroker = rejected.filter(([t]) => refusedByBroker(t)).length;
    byReason.clear();
    for (const [t, p] of rejected) {
      if (refusedByBroker(t)) continue;
      const r = interpretDeviceMessage({ districtId: 'jinhe', typeOf: (id) => twin.pipeline.index.devices.get(id)?.type }, t, p, Date.now());
      if (!r.ok) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    }
    const counted = async () => {
      const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
      return metricValue(text, 'twin_broker_refused_total', { what: 'publish' }) === (metricValue(metricsBefore, 'twin_broker_refused_total', { what: 'publish' }) ?? 0) + atBroker
        && [...byReason].every(([reason, n]) => metricValue(text, 'twin_mqtt_messages_rejected_total', { reason }) === (metricValue(metricsBefore, 'twin_mqtt_messages_rejected_total', { reason }) ?? 0) + n);
    };
    await until(counted, 20_000, `rejections counted by reason (${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')})`);

    expect(ids.map((id) => twin.pipeline.core.devices.get(id))).toEqual(before.devices);
    expect(twin.pipeline.core.openAlarms()).toEqual(before.alarms);
    expect((await fetch(`${twin.httpUrl}api/health`)).status).toBe(200);
    // ...and a good reading still works.
    await probe.publish('twin/jinhe/dev/smk-b1-201/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'a good reading after the fuzz');
  }, 60_000);

  it('the journal holds only the one real alarm', () => {
    const lines = readFileSync(twin.pipeline.journalFile!, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(new Set(lines.filter((r) => r.t === 'alarm').map((r) => r.s.alarm.deviceId))).toEqual(new Set(['smk-b1-201']));
  });
});
