// Uplinks through the ChirpStack source against the native JSON path, as users run them: the twin in its own
// process on Mosquitto with SOURCES, the full street's gas detectors registered with DevEUIs and the
// twin-gas-v1 model, a publisher process sending N bytes-only UplinkEvents (each decoded by the codec in its
// sandbox), then the same N readings on the native topics; and a bare mosquitto_sub on the uplink topics in the
// same run. Figures: readings taken per second (from /metrics), and the source's share of the native rate; then
// reading → CAP Alert through the adapter (smoke detectors' bytes-only uplinks, each alarm acknowledged and cleared).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto } from '../helpers/mosquitto';
import { freePort } from '../helpers/ports';
import { spawnScript, startServerProcess } from '../helpers/serverProcess';
import { alertLatencies, type SendAlarm } from './alarmPathUnderLoad';
import { summary } from './stats';

const APP = 'bench-application';
const WARM_UP = 3000;
/** The server process's operator (serverProcess.ts): acknowledges the probe's alarms. */
const OPERATOR = 'operator-test-token';

export async function benchChirpstack(streetFile: string, n: number, latencySeconds = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-chirpstack-'));
  const district = JSON.parse(readFileSync(streetFile, 'utf8')) as { id: string; devices: Record<string, unknown>[] };
  let k = 0;
  for (const d of district.devices) if (d.type === 'gas' || d.type === 'smoke') Object.assign(d, { source: 'chirpstack', externalId: (0xa840410000000000n + BigInt(++k)).toString(16), model: `twin-${d.type}-v1` });
  const smoke = district.devices.filter((d) => d.type === 'smoke').slice(0, 50) as { id: string; externalId: string }[];
  const file = join(dir, 'street-lora.json');
  writeFileSync(file, JSON.stringify(district));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ id: 'lora', kind: 'chirpstack', applicationId: APP }]));
  const mosquitto = await startMosquitto();
  try {
    const publish = async (mode: 'chirpstack' | 'native', count = n) => {
      const p = spawnScript('test/bench/chirpstackPublisher.ts', [mosquitto.url, file, String(count), mode, APP]);
      if ((await p.exit) !== 0) throw new Error(`publisher: ${p.out.stderr}`);
      return JSON.parse(p.out.stdout.trim().split('\n').at(-1)!) as { perSecond: number };
    };
    const sub = spawn('mosquitto_sub', ['-p', String(mosquitto.port), '-q', '1', '-t', `application/${APP}/device/+/event/up`, '-C', String(n), '-i', 'bench-reference'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const subDone = new Promise((r) => sub.once('exit', r));
    await new Promise((r) => setTimeout(r, 500)); // its subscription reaches the broker
    const s0 = performance.now();
    await publish('chirpstack');
    await subDone;
    const reference = Math.round(n / ((performance.now() - s0) / 1000));

    const port = await freePort();
    const http = `http://127.0.0.1:${port}/`;
    const server = await startServerProcess({ PORT: String(port), MQTT_URL: mosquitto.url, DISTRICT: file, SOURCES: join(dir, 'sources.json'), EMULATORS: 'off', DATA_DIR: join(dir, 'data') }, 60_000);
    try {
      const scrape = async () => (await (await fetch(`${http}metrics`, SCRAPE)).text());
      const accepted = async () => metricValue(await scrape(), 'twin_readings_accepted_total', { format: 'json' }) ?? 0;
      /** Readings taken per second from the first taken to the last, so the publisher's own start (a second of
       * tsx) is no one's figure. */
      const run = async (mode: 'chirpstack' | 'native', count: number) => {
        const before = await accepted();
        const t0 = performance.now();
        const sent = publish(mode, count);
        let first: { at: number; taken: number } | null = null;
        let taken = 0;
        while (taken < count && performance.now() - t0 < 300_000) {
          await new Promise((r) => setTimeout(r, 25));
          taken = (await accepted()) - before;
          if (!first && taken > 0) first = { at: performance.now(), taken };
        }
        await sent;
        return first && taken > first.taken ? Math.round((taken - first.taken) / ((performance.now() - first.at) / 1000)) : 0;
      };
      // Both paths warmed first (code compiled, the codec's worker and its context hot): steady rates are compared.
      await run('chirpstack', WARM_UP);
      await run('native', WARM_UP);
      const viaChirpstack = await run('chirpstack', n);
      const native = await run('native', n);
      // Reading → CAP Alert through the adapter: a smoke detector's bytes-only uplink, decoded by its codec.
      const eui = new Map(smoke.map((d) => [d.id, d.externalId]));
      const fCnt = new Map<string, number>();
      const viaUplink: SendAlarm = (client, _district, id, alarm) => {
        const f = (fCnt.get(id) ?? 0) + 1;
        fCnt.set(id, f);
        const devEui = eui.get(id)!;
        return client.publishAsync(`application/${APP}/device/${devEui}/event/up`, JSON.stringify({ deduplicationId: `00000000-0000-4000-9000-${String(f).padStart(12, '0')}`, time: new Date().toISOString(), deviceInfo: { applicationId: APP, devEui, deviceName: id }, fCnt: f, fPort: 11, data: Buffer.from([1, alarm ? 1 : 0, 0, alarm ? 100 : 0, 0, 250]).toString('base64') }), { qos: 0 });
      };
      const probeUntil = performance.now() + latencySeconds * 1000;
      const alertMs = summary(await alertLatencies(mosquitto.url, http, smoke.map((d) => d.id), () => performance.now() > probeUntil, district.id, OPERATOR, undefined, 0, viaUplink));
      const text = await scrape();
      return {
        uplinks: n, mosquittoSubPerSecond: reference, chirpstackPerSecond: viaChirpstack, nativePerSecond: native,
        chirpstackShareOfNative: Math.round(viaChirpstack / native * 100) / 100, readingToCapAlertMs: alertMs,
        refused: ['codec_error', 'codec_timeout', 'codec_busy', 'codec_crashed', 'unknown_identity', 'bad_shape'].reduce((sum, outcome) => sum + (metricValue(text, 'twin_source_messages_total', { source: 'lora', outcome }) ?? 0), 0),
      };
    } finally {
      server.child.kill('SIGTERM');
      await server.exit;
    }
  } finally {
    await mosquitto.stop();
  }
}
