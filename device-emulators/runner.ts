// Runs emulated devices against a broker over real MQTT: a retained online status, then telemetry
// at each type's report interval, spread out so the devices do not all speak at once.
import mqtt, { type MqttClient } from 'mqtt';
import { topicsFor, type TopicRoot } from '../bridge/topics';
import { REPORT_INTERVAL_MS } from '../twin-assets/deviceCatalog';
import type { DeviceDef } from '../twin-assets/districtSchema';
import { hashString, seededRng } from '../twin-assets/random';
import { baselineReading } from './baseline';

export interface EmulatorOptions {
  brokerUrl: string;
  districtId: string;
  devices: DeviceDef[];
  root: TopicRoot;
  seed: number;
  /** Multiplies every report interval (0.1 = ten times as chatty). */
  intervalScale?: number;
}

export interface RunningEmulators { client: MqttClient; sent(): number; stop(): Promise<void> }

export async function startEmulators(opts: EmulatorOptions): Promise<RunningEmulators> {
  const topics = topicsFor(opts.root, opts.districtId);
  const client = await mqtt.connectAsync(opts.brokerUrl, { clientId: `emulators-${opts.districtId}-${process.pid}`, clean: true, reconnectPeriod: 1000 });
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  for (const device of opts.devices) {
    const rng = seededRng(opts.seed ^ hashString(device.id));
    let seq = 0;
    const publish = () => {
      if (!client.connected) return;
      seq += 1;
      const body = JSON.stringify({ ts: Date.now(), seq, readings: baselineReading(device.type, rng) });
      client.publish(topics.telemetry(device.id), body, { qos: 0 });
      sent += 1;
    };
    client.publish(topics.status(device.id), JSON.stringify({ online: true, battery: 60 + Math.round(rng() * 40) }), { qos: 1, retain: true });
    const interval = REPORT_INTERVAL_MS[device.type] * (opts.intervalScale ?? 1);
    const first = setTimeout(() => { publish(); timers.push(setInterval(publish, interval)); }, Math.round(rng() * interval));
    timers.push(first);
  }
  return {
    client,
    sent: () => sent,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      await client.endAsync();
    },
  };
}
