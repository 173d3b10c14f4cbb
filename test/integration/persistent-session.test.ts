// The twin's persistent MQTT session against an external Mosquitto: readings that devices send
// (QoS 1) while the twin restarts are delivered when it comes back, not lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { MqttProbe, until } from '../helpers/mqttProbe';
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
    await until(() => twin!.pipeline.core.openAlarms().length === 2, 5000, 'the two readings sent while it was down');
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
    await new Promise((r) => setTimeout(r, 500));
    expect(twin.pipeline.core.openAlarms()).toEqual([]);
  });
});
