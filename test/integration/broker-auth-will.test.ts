// An external broker that wants credentials, and a device's real MQTT last will.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

describe('an external broker with credentials', () => {
  let mosquitto: Mosquitto;
  let twin: RunningTwin | null = null;
  beforeAll(async () => { mosquitto = await startMosquitto({ twin: 'twin-secret', device: 'device-secret' }); });
  afterAll(async () => { await twin?.stop(); await mosquitto?.stop(); });

  it('refuses the twin without them, in one clear line', async () => {
    const t0 = Date.now();
    await expect(startTestTwin({ MQTT_URL: mosquitto.url, MQTT_USERNAME: 'twin', MQTT_PASSWORD: 'wrong' }))
      .rejects.toThrow(`the MQTT broker at ${mosquitto.url} refused the twin: Not authorized (check MQTT_USERNAME / MQTT_PASSWORD)`);
    expect(Date.now() - t0).toBeLessThan(5000); // at once, not after the connect timeout
  });

  it('connects with them; a device that dies unannounced is reported offline by its last will', async () => {
    twin = await startTestTwin({ MQTT_URL: mosquitto.url, MQTT_USERNAME: 'twin', MQTT_PASSWORD: 'twin-secret' });
    const device = await mqtt.connectAsync(mosquitto.url, {
      username: 'device', password: 'device-secret', clientId: 'mh-s-1', keepalive: 1, reconnectPeriod: 0,
      will: { topic: 'twin/jinhe/dev/mh-s-1/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    await device.publishAsync('twin/jinhe/dev/mh-s-1/status', '{"online":true,"battery":88}', { qos: 1, retain: true });
    await until(() => twin!.pipeline.core.devices.get('mh-s-1')?.online === true, 30_000, 'online');
    (device.stream as { destroy(): void }).destroy(); // the link is cut: no DISCONNECT, so the broker sends the will
    await until(() => twin!.pipeline.core.openAlarms().some((a) => a.deviceId === 'mh-s-1' && a.kind === 'device_offline'), 10_000, 'the last will');
    expect(twin.pipeline.core.alarms.history(twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'mh-s-1')!.id)[0]!.reason).toBe('last will');
    device.end(true);
  });
});
