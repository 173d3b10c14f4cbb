// Runs emulated devices against a broker over real MQTT, as real devices would: a retained online
// status, telemetry at each type's report interval (spread out), commands answered on `ack`, a
// status with the battery now and then, and injected faults. Drills drive it through `hazard`.
import mqtt, { type MqttClient } from 'mqtt';
import { topicsFor, type TopicRoot } from '../bridge/topics';
import { REPORT_INTERVAL_MS } from '../twin-assets/deviceCatalog';
import type { DeviceDef } from '../twin-assets/districtSchema';
import { hashString, seededRng } from '../twin-assets/random';
import { NO_FAULTS, roll, type FaultRates } from './faults';
import { createSim, drain, handleCommand, readingOf, type DeviceSim, type Hazard } from './models';

export interface EmulatorOptions {
  brokerUrl: string;
  districtId: string;
  devices: DeviceDef[];
  root: TopicRoot;
  seed: number;
  /** Multiplies every report interval (0.1 = ten times as chatty). */
  intervalScale?: number;
  faults?: FaultRates;
  hazard?: Hazard;
  clientOptions?: mqtt.IClientOptions;
  /** Told when the broker refuses the command topics (an anonymous login): devices then answer no commands. */
  onNoCommands?: (reason: string) => void;
}

export interface EmulatorStats { sent: number; errors: number; commands: number; faults: Record<string, number> }

export interface RunningEmulators {
  client: MqttClient;
  stats: EmulatorStats;
  /** For older callers: messages sent so far. */
  sent(): number;
  /** Report now (a hazard changed). */
  push(deviceId: string): void;
  sim(deviceId: string): DeviceSim | undefined;
  stop(): Promise<void>;
}

const STATUS_EVERY = 10;

export async function startEmulators(opts: EmulatorOptions): Promise<RunningEmulators> {
  const topics = topicsFor(opts.root, opts.districtId);
  const faults = opts.faults ?? NO_FAULTS;
  const client = await mqtt.connectAsync(opts.brokerUrl, { clientId: `emulators-${opts.districtId}-${process.pid}-${hashString(String(Math.random()))}`, clean: true, reconnectPeriod: 1000, ...opts.clientOptions });
  const stats: EmulatorStats = { sent: 0, errors: 0, commands: 0, faults: { dropout: 0, stuck: 0, duplicate: 0, outOfOrder: 0, malformed: 0 } };
  const timers: NodeJS.Timeout[] = [];
  const devices = new Map<string, { sim: DeviceSim; report: () => void }>();
  const publish = (topic: string, body: string | Buffer, retain = false) => {
    client.publish(topic, body, { qos: retain ? 1 : 0, retain }, (err) => { if (err) stats.errors++; });
    stats.sent++;
  };

  for (const device of opts.devices) {
    const rng = seededRng(opts.seed ^ hashString(device.id));
    const sim = createSim(device, rng);
    const interval = REPORT_INTERVAL_MS[device.type] * (opts.intervalScale ?? 1);
    let seq = 0;
    let silentUntil = 0;
    let stuckUntil = 0;
    let stuck: string | null = null;
    let held: string | null = null;
    let lastAt = Date.now();
    const status = (online: boolean) => publish(topics.status(device.id), JSON.stringify({ online, battery: Math.round(sim.battery) }), true);
    const report = () => {
      if (!client.connected) return;
      const now = Date.now();
      drain(sim, now - lastAt);
      lastAt = now;
      if (now < silentUntil) return;
      if (silentUntil) { silentUntil = 0; status(true); }
      if (roll(rng, faults.dropout)) { stats.faults.dropout!++; silentUntil = now + interval * 5; status(false); return; } // as the last will would
      seq += 1;
      if (roll(rng, faults.malformed)) { stats.faults.malformed!++; publish(topics.telemetry(device.id), Buffer.from([0x7b, 0x22, 0xff, 0x00])); return; }
      if (roll(rng, faults.stuck)) { stats.faults.stuck!++; stuckUntil = now + interval * 40; }
      let body = JSON.stringify({ ts: now + faults.skewMs, seq, readings: readingOf(sim, rng, now, opts.hazard) });
      if (now < stuckUntil && stuck) body = stuck.replace(/"seq":\d+/, `"seq":${seq}`); else stuck = body;
      if (roll(rng, faults.outOfOrder) && !held) { stats.faults.outOfOrder!++; held = body; return; }
      publish(topics.telemetry(device.id), body);
      if (roll(rng, faults.duplicate)) { stats.faults.duplicate!++; publish(topics.telemetry(device.id), body); }
      if (held) { publish(topics.telemetry(device.id), held); held = null; }
      if (seq % STATUS_EVERY === 0) status(true);
    };
    devices.set(device.id, { sim, report });
    status(true);
    const first = setTimeout(() => { report(); timers.push(setInterval(report, interval)); }, Math.round(rng() * interval));
    timers.push(first);
  }

  // Commands: `{"cmd": "close_valve", "reqId": "…"}` on …/cmd, answered `{"reqId", "ok", …}` on …/ack.
  // Only a gateway's (or the twin's) login may read every device's commands; without one, devices stay deaf to them.
  await client.subscribeAsync(`${topics.cmd('+')}`, { qos: 1 }).catch((e: Error) => opts.onNoCommands?.(`the broker refused ${topics.cmd('+')} (${e.message}): the emulated devices answer no commands; log in as a gateway or operator to have them`));
  client.on('message', (topic, payload) => {
    const id = topic.split('/').at(-2)!;
    const target = devices.get(id);
    if (!target) return;
    let msg: { cmd?: unknown; reqId?: unknown };
    try { msg = JSON.parse(payload.toString()); } catch { return; }
    if (typeof msg.cmd !== 'string' || typeof msg.reqId !== 'string') return;
    stats.commands++;
    const result = handleCommand(target.sim, msg.cmd);
    publish(topics.ack(id), JSON.stringify({ reqId: msg.reqId, ...result }));
    target.report();
  });

  return {
    client, stats,
    sent: () => stats.sent,
    push: (deviceId) => devices.get(deviceId)?.report(),
    sim: (deviceId) => devices.get(deviceId)?.sim,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      await client.endAsync();
    },
  };
}
