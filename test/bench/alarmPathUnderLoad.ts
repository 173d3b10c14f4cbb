// Live reading → CAP Alert, through the broker, against the twin as its own process: alone, then while
// another process sends hostile scenario files and floods a drill room (hostileLoad.ts), and the
// ingest of N readings through Mosquitto against a bare mosquitto_sub in the same run (flow control).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto } from '../helpers/mosquitto';
import { freePort } from '../helpers/ports';
import { spawnScript, startServerProcess } from '../helpers/serverProcess';
import { summary } from './stats';

const TRAINER = 'bench-trainer-token';
const OPERATOR = 'bench-operator-token';

async function metrics(http: string, name: string, labels: Record<string, string> = {}) {
  return metricValue(await (await fetch(`${http}metrics`, SCRAPE)).text(), name, labels) ?? 0;
}

/** Reading → CAP Alert, timed, for smoke detectors in turn; each alarm is then acknowledged over HTTP
 * and cleared (its Cancel awaited), so the detector can raise a fresh one in a later round. */
/** A smoke detector's alarm on or off, as the device says it: on its native topic unless `send` is given. */
export type SendAlarm = (client: mqtt.MqttClient, districtId: string, deviceId: string, alarm: boolean) => Promise<unknown>;
const nativeAlarm: SendAlarm = (client, districtId, id, alarm) => client.publishAsync(`twin/${districtId}/dev/${id}/telemetry`, JSON.stringify({ readings: { alarm } }), { qos: 0 });

export async function alertLatencies(mqttUrl: string, http: string, devices: string[], until: () => boolean, districtId = 'jinhe', operatorToken = OPERATOR, onSample?: (ms: number) => void, paceMs = 0, send: SendAlarm = nativeAlarm): Promise<number[]> {
  const client = await mqtt.connectAsync(mqttUrl);
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  await client.subscribeAsync(`twin/${districtId}/cap`, { qos: 1 });
  let waiting: { id: string; type: string; resolve: () => void } | null = null;
  client.on('message', (_t, p) => { const x = p.toString(); if (waiting && x.includes(`<value>${waiting.id}</value>`) && x.includes(`<msgType>${waiting.type}</msgType>`)) { waiting.resolve(); waiting = null; } });
  /** A CAP message that never comes fails the bench, naming it, rather than hanging it. */
  const cap = (id: string, type: string) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no CAP ${type} for ${id} within 30 s`)), 30_000);
    waiting = { id, type, resolve: () => { clearTimeout(timer); resolve(); } };
  });
  const out: number[] = [];
  for (let i = 0; !until(); i++) {
    const id = devices[i % devices.length]!;
    const round = performance.now();
    const alert = cap(id, 'Alert');
    const t0 = performance.now();
    await send(client, districtId, id, true);
    await alert;
    out.push(performance.now() - t0);
    onSample?.(out.at(-1)!);
    const open = ((await (await fetch(`${http}api/alarms`)).json()) as { id: string; deviceId: string }[]).find((a) => a.deviceId === id);
    if (open) await fetch(`${http}api/alarms/${encodeURIComponent(open.id)}/ack`, { method: 'POST', headers: { authorization: `Bearer ${operatorToken}` } });
    const cancel = cap(id, 'Cancel');
    await send(client, districtId, id, false);
    await cancel;
    // A paced probe (the soak's) measures the path without becoming a load of its own.
    if (paceMs) await new Promise((r) => setTimeout(r, Math.max(0, paceMs - (performance.now() - round))));
  }
  await client.endAsync();
  return out;
}

export async function benchAlarmPathUnderLoad(seconds = 20) {
  const mosquitto = await startMosquitto();
  const port = await freePort();
  const http = `http://127.0.0.1:${port}/`;
  const server = await startServerProcess({ PORT: String(port), MQTT_URL: mosquitto.url, EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-hostile-')), TRAINER_TOKEN: TRAINER, OPERATOR_TOKEN: OPERATOR }, 60_000);
  try {
    const smoke = ((await (await fetch(`${http}api/district`)).json()) as { devices: { id: string; type: string }[] }).devices.filter((d) => d.type === 'smoke').map((d) => d.id);
    const quietUntil = performance.now() + seconds * 500;
    const quiet = await alertLatencies(mosquitto.url, http, smoke, () => performance.now() > quietUntil);
    const load = spawnScript('test/bench/hostileLoad.ts', [http, TRAINER, String(seconds)]);
    const loaded = await alertLatencies(mosquitto.url, http, smoke, () => load.child.exitCode !== null);
    if ((await load.exit) !== 0) throw new Error(`the hostile load failed: ${load.out.stderr.slice(-2000)}`);
    const did = JSON.parse(load.out.stdout.trim().split('\n').at(-1)!);
    return {
      quietAlertMs: summary(quiet), underHostileLoadAlertMs: summary(loaded), hostile: did,
      roomMessagesRefused: await metrics(http, 'twin_room_messages_refused_total', { room: 'drill', reason: 'rate_limited' }),
      validationsRefusedTooHeavy: await metrics(http, 'twin_http_refused_total', { reason: 'too_heavy' }),
      validationsRefusedBusy: await metrics(http, 'twin_http_refused_total', { reason: 'busy' }),
      serverAlive: server.child.exitCode === null,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exit;
    await mosquitto.stop();
  }
}

/** N readings (QoS 1) from a publisher process through Mosquitto: first to a bare mosquitto_sub, then to the twin. */
/** `rounds` times, in turn: N readings to a bare mosquitto_sub, then to a fresh twin process, on a fresh broker
 * (the twin's persistent session would otherwise keep the next round's reference readings for it). On two cores
 * the publisher, the broker and the subscriber share the CPU, so one round's figures swing by a fifth either way:
 * the medians of a few rounds, taken in turn, are the figure. */
export async function benchIngestFlow(streetFile: string, n: number, rounds = 3) {
  const subRates: number[] = [];
  const twinRates: number[] = [];
  let lost = 0, refused = 0, dropped = 0;
  for (let r = 0; r < rounds; r++) {
    const round = await ingestRound(streetFile, n);
    subRates.push(round.sub);
    twinRates.push(round.twin.perSecond);
    lost += round.twin.lost; refused += round.twin.refused; dropped += round.twin.dropped;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    readings: n, rounds, mosquittoSubPerSecond: subRates, twinPerSecond: twinRates,
    twinShareOfReference: Math.round(median(twinRates) / median(subRates) * 100) / 100,
    rejected: refused, droppedAsDuplicateOrLate: dropped, lost,
  };
}

async function ingestRound(streetFile: string, n: number) {
  const mosquitto = await startMosquitto();
  try {
    const publish = async () => {
      const p = spawnScript('test/bench/publisher.ts', [mosquitto.url, streetFile, String(n)]);
      if ((await p.exit) !== 0) throw new Error(`publisher: ${p.out.stderr}`);
      return JSON.parse(p.out.stdout.trim().split('\n').at(-1)!) as { ms: number; perSecond: number };
    };
    const reference = async () => {
      // Mosquitto's own client, QoS 1, printing nothing, exits after N.
      const sub = spawn('mosquitto_sub', ['-p', String(mosquitto.port), '-q', '1', '-t', 'twin/street/dev/+/telemetry', '-C', String(n), '-i', 'bench-reference'], { stdio: ['ignore', 'ignore', 'inherit'] });
      const subDone = new Promise((r) => sub.once('exit', r));
      await new Promise((r) => setTimeout(r, 500)); // its subscription reaches the broker
      const r0 = performance.now();
      await publish();
      await subDone;
      return Math.round(n / ((performance.now() - r0) / 1000));
    };
    const twin = async () => {
      const port = await freePort();
      const http = `http://127.0.0.1:${port}/`;
      const server = await startServerProcess({ PORT: String(port), MQTT_URL: mosquitto.url, DISTRICT: streetFile, EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-ingest-')) }, 60_000);
      try {
        const accepted = () => metrics(http, 'twin_readings_accepted_total', { format: 'json' });
        const t0 = performance.now();
        await publish();
        while ((await accepted()) < n && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 100));
        const twinS = (performance.now() - t0) / 1000;
        const taken = await accepted();
        const rejected = ['not_parseable', 'wrong_type', 'bad_shape', 'unknown_device', 'unknown_quantity', 'out_of_range', 'oversized'];
        let refused = 0;
        for (const reason of rejected) refused += await metrics(http, 'twin_mqtt_messages_rejected_total', { reason });
        const dropped = (await metrics(http, 'twin_mqtt_messages_dropped_total', { reason: 'duplicate' })) + (await metrics(http, 'twin_mqtt_messages_dropped_total', { reason: 'late' }));
        return { perSecond: Math.round(taken / twinS), lost: n - taken - refused - dropped, refused, dropped };
      } finally {
        server.child.kill('SIGTERM');
        await server.exit;
      }
    };
    const sub = await reference();
    return { sub, twin: await twin() };
  } finally {
    await mosquitto.stop();
  }
}
