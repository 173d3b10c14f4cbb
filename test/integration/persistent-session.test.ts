// The twin's persistent MQTT session against an external Mosquitto: readings that devices send
// (QoS 1) while the twin restarts are delivered when it comes back, not lost; a burst is taken by flow
// control, not shed; a broker that restarts gets the open alarms back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startTestTwin } from '../helpers/twin';

describe('persistent session', () => {
  let mosquitto: Mosquitto;
  let twin: RunningTwin | null = null;
  beforeAll(async () => { mosquitto = await startMosquitto(); });
  afterAll(async () => { await twin?.stop(); await mosquitto?.stop(); });

  it('delivers readings sent while the twin was down', async () => {
    const env = { MQTT_URL: mosquitto.url, MQTT_CLIENT_ID: 'street-twin-session-test' };
    twin = await startTestTwin(env);
    await twin.stop();
    twin = null;

    const device = await MqttProbe.connect(mosquitto.url);
    await device.publish('twin/jinhe/dev/smk-b2-401/telemetry', JSON.stringify({ seq: 1, readings: { alarm: true } }), { qos: 1 });
    await device.publish('twin/jinhe/dev/gas-b1-201/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 33 } }), { qos: 1 });
    await device.close();

    twin = await startTestTwin(env);
    await until(() => twin!.pipeline.core.openAlarms().length === 2, 30_000, 'the two readings sent while it was down');
    expect(twin.pipeline.core.openAlarms().map((a) => a.deviceId).sort()).toEqual(['gas-b1-201', 'smk-b2-401']);
  });

  it('a twin with a new session id does not get them (the control)', async () => {
    await twin?.stop();
    twin = await startTestTwin({ MQTT_URL: mosquitto.url, MQTT_CLIENT_ID: 'street-twin-other' });
    await twin.stop();
    const device = await MqttProbe.connect(mosquitto.url);
    await device.publish('twin/jinhe/dev/smk-a1-602/telemetry', JSON.stringify({ readings: { alarm: true } }), { qos: 1 });
    await device.close();
    twin = await startTestTwin({ MQTT_URL: mosquitto.url, MQTT_CLIENT_ID: 'street-twin-fresh' });
    // A reading sent now arrives after anything the broker had kept for this session: once it is in, nothing else is coming.
    const sentinel = await MqttProbe.connect(mosquitto.url);
    await sentinel.publish('twin/jinhe/dev/gas-a2-502/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 0 } }), { qos: 1 });
    await sentinel.close();
    await until(() => twin!.pipeline.core.devices.get('gas-a2-502')!.lastSeq === 1, 30_000, 'the sentinel reading');
    expect(twin.pipeline.core.openAlarms()).toEqual([]);
  });

  it('takes a burst of 60,000 QoS 1 readings whole: acknowledged as the twin takes them, none shed', async () => {
    await twin?.stop();
    twin = await startTestTwin({ MQTT_URL: mosquitto.url, MQTT_CLIENT_ID: 'street-twin-burst' });
    const metric = async (name: string, labels: Record<string, string> = {}) => metricValue(await (await fetch(`${twin!.httpUrl}metrics`, SCRAPE)).text(), name, labels) ?? 0;
    const devices = twin.loaded.district.devices.filter((d) => d.type === 'smoke').map((d) => d.id);
    const publisher = await MqttProbe.connect(mosquitto.url);
    const N = 60_000;
    for (let i = 0; i < N; i++) {
      const id = devices[i % devices.length]!;
      publisher.client.publish(`twin/jinhe/dev/${id}/telemetry`, JSON.stringify({ seq: Math.floor(i / devices.length) + 2, readings: { temperature_c: 20 + (i % 7) } }), { qos: 1 });
      if (i % 5000 === 4999) await new Promise((r) => setImmediate(r));
    }
    await until(async () => (await metric('twin_readings_accepted_total', { format: 'json' })) === N, 60_000, `all ${N} readings taken`);
    expect(await metric('twin_mqtt_messages_dropped_total', { reason: 'duplicate' })).toBe(0);
    expect(await metric('twin_mqtt_messages_dropped_total', { reason: 'late' })).toBe(0);
    await publisher.close();
  }, 90_000);

  it('puts the open alarms back on a broker that restarted and lost them', async () => {
    await twin?.stop();
    twin = await startTestTwin({ MQTT_URL: mosquitto.url, MQTT_CLIENT_ID: 'street-twin-republish' });
    const device = await MqttProbe.connect(mosquitto.url);
    await device.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 40 } }));
    await device.close();
    await until(() => twin!.pipeline.core.openAlarms().length === 1, 30_000, 'the alarm');
    const alarm = twin.pipeline.core.openAlarms()[0]!;
    await mosquitto.stop(); // persistence false: every retained message is gone
    const health = () => fetch(`${twin!.httpUrl}api/health`).then((r) => r.status);
    await until(async () => (await health()) === 503, 10_000, 'the twin to see the broker gone');
    mosquitto = await startMosquitto({}, { port: mosquitto.port });
    await until(async () => (await health()) === 200, 15_000, 'the twin back on the broker');
    // A newcomer gets it retained: the twin published it again on reconnecting.
    const first = await MqttProbe.connect(mosquitto.url, ['twin/jinhe/alarm/#']);
    await first.waitFor((m) => m.topic === `twin/jinhe/alarm/${alarm.id}`, 15_000, 'the alarm, published again');
    await first.close();
    const late = await MqttProbe.connect(mosquitto.url, ['twin/jinhe/alarm/#']);
    const retained = await late.waitFor((m) => m.retain && m.topic === `twin/jinhe/alarm/${alarm.id}`, 5_000, 'the alarm, retained');
    expect(JSON.parse(retained.payload.toString())).toMatchObject({ id: alarm.id, state: 'active_unacked' });
    await late.close();
  }, 60_000);
});
