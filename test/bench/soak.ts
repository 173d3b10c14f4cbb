// `npm run bench -- soak --minutes 10`: the product as users run it (a server process on Mosquitto) under a long,
// mixed load, each part from a process of its own: the full street's devices at their real report rates
// (npm run emulate), 50 drill clients in a drill at 10×, and half-way an alarm storm of 1,000 detectors in a
// second. Meanwhile a probe times reading → CAP Alert once a second, and /metrics is read every 10 s. Reports whether
// anything was lost (the twin's count of readings against a bare mosquitto_sub's, and the storm's alarms),
// reading → CAP and room tick percentiles, and memory over time; writes a plot beside the JSON.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { spawnScript, startServerProcess } from '../helpers/serverProcess';
import { alertLatencies } from './alarmPathUnderLoad';
import { summary } from './stats';

const TRAINER = 'soak-trainer-token';
const OPERATOR = 'soak-operator-token';
const SAMPLE_MS = 10_000;

interface Sample { atS: number; rssMb: number; heapMb: number; telemetryIn: number; openAlarms: number }

/** A quantile from a Prometheus histogram's cumulative buckets, interpolated within its bucket (as histogram_quantile). */
function histogramQuantile(text: string, name: string, q: number): number | null {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm'))].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), n: Number(m[2]) }));
  const total = buckets.at(-1)?.n ?? 0;
  if (!total) return null;
  const rank = q * total;
  let prev = { le: 0, n: 0 };
  for (const b of buckets) {
    if (b.n >= rank) return b.le === Infinity ? prev.le : prev.le + ((b.le - prev.le) * (rank - prev.n)) / Math.max(1, b.n - prev.n);
    prev = b;
  }
  return null;
}

const gauge = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length, mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0), den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

/** Two panels, memory and reading → CAP, as an SVG a person opens in a browser. */
function plot(samples: Sample[], probes: { atS: number; ms: number }[], stormAtS: number, title: string): string {
  const W = 900, H = 260, L = 60, R = 20, T = 30, B = 40;
  const maxT = Math.max(1, ...samples.map((s) => s.atS), ...probes.map((p) => p.atS));
  const panel = (y0: number, label: string, unit: string, lines: { name: string; colour: string; pts: [number, number][]; dots?: boolean }[], cap = Infinity) => {
    const highest = Math.max(1, ...lines.flatMap((l) => l.pts.map((p) => p[1])));
    // A rare outlier would flatten the rest: values above `cap` are drawn at the top, and the highest is named.
    const maxV = Math.min(highest, cap) * 1.1;
    const clipped = highest > cap;
    label = clipped ? `${label} (the highest, ${Math.round(highest)}${unit}, drawn at the top)` : label;
    const x = (t: number) => L + ((W - L - R) * t) / maxT, y = (v: number) => y0 + T + (H - T - B) * (1 - v / maxV);
    const ticks = Array.from({ length: 5 }, (_, i) => (maxV * i) / 4);
    const minutes = Array.from({ length: Math.floor(maxT / 60) + 1 }, (_, i) => i * 60);
    return [
      `<text x="${L}" y="${y0 + 20}" font-size="14" font-weight="bold">${label}</text>`,
      ...ticks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${Math.round(v)}${unit}</text>`),
      ...minutes.map((t) => `<text x="${x(t)}" y="${y0 + H - B + 16}" font-size="11" text-anchor="middle">${t / 60} min</text>`),
      `<line x1="${x(stormAtS)}" x2="${x(stormAtS)}" y1="${y0 + T}" y2="${y0 + H - B}" stroke="#c00" stroke-dasharray="4 3"/><text x="${x(stormAtS) + 4}" y="${y0 + T + 12}" font-size="11" fill="#c00">storm: 1,000 alarms</text>`,
      ...lines.map((l, i) => (l.dots
        ? l.pts.map(([t, v]) => `<circle cx="${x(t).toFixed(1)}" cy="${y(Math.min(v, maxV)).toFixed(1)}" r="1.6" fill="${l.colour}"/>`).join('')
        : `<polyline fill="none" stroke="${l.colour}" stroke-width="2" points="${l.pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`)
        + `<text x="${W - R - 130}" y="${y0 + T + 14 + i * 14}" font-size="12" fill="${l.colour}">${l.name}</text>`),
    ].join('\n');
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${2 * H + 30}" font-family="sans-serif">
<text x="${L}" y="16" font-size="15">${title}</text>
<g transform="translate(0,16)">${panel(0, 'Memory of the twin process', ' MB', [
    { name: 'resident (RSS)', colour: '#1f77b4', pts: samples.map((s) => [s.atS, s.rssMb]) },
    { name: 'JS heap used', colour: '#2ca02c', pts: samples.map((s) => [s.atS, s.heapMb]) },
  ])}</g>
<g transform="translate(0,${H + 20})">${panel(0, 'Reading → CAP Alert (probe, through Mosquitto)', ' ms', [{ name: 'each probe', colour: '#d62728', pts: probes.map((p) => [p.atS, p.ms]), dots: true }], Math.max(20, 3 * (summary(probes.map((p) => p.ms)).p99 || 0)))}</g>
</svg>`;
}

export async function benchSoak(streetFile: string, minutes: number, outBase: string) {
  const seconds = Math.round(minutes * 60);
  const street = JSON.parse(readFileSync(streetFile, 'utf8')) as { id: string; devices: { id: string; type: string }[] };
  const mosquitto = await startMosquitto();
  const port = await freePort();
  const http = `http://127.0.0.1:${port}/`;
  const log = (line: string) => process.stdout.write(`  ${line}\n`);
  // The bare reference: mosquitto_sub on the same telemetry, counting what the broker delivered to it.
  const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '-q', '1', '-t', `twin/${street.id}/dev/+/telemetry`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let subLines = 0;
  sub.stdout.on('data', (d: Buffer) => { for (const b of d) if (b === 10) subLines++; });
  const server = await startServerProcess({ PORT: String(port), HOST: '127.0.0.1', MQTT_URL: mosquitto.url, EMULATORS: 'off', DISTRICT: streetFile, DATA_DIR: mkdtempSync(join(tmpdir(), 'soak-')), TRAINER_TOKEN: TRAINER, OPERATOR_TOKEN: OPERATOR }, 120_000);
  const children: { child: import('node:child_process').ChildProcess }[] = [];
  try {
    const metricsText = async () => (await fetch(`${http}metrics`, SCRAPE)).text();
    const telemetryIn = async () => metricValue(await metricsText(), 'twin_mqtt_messages_in_total', { leaf: 'telemetry' }) ?? 0;
    // Both subscribed before anything is sent: a marker (an unknown device, refused by the twin but counted) reaches both.
    const marker = await mqtt.connectAsync(mosquitto.url);
    await until(async () => { await marker.publishAsync(`twin/${street.id}/dev/soak-marker/telemetry`, '{}', { qos: 1 }); return subLines > 0 && (await telemetryIn()) > 0; }, 30_000, 'mosquitto_sub and the twin subscribed');
    await marker.endAsync();

    // A drill on this street: the bundled flood scenario, moved onto the street's own gauges and flood zone.
    const yaml = readFileSync('scenarios/builtin/flood-underpass.yaml', 'utf8').replace('id: flood-underpass', 'id: soak-flood-street').replace('district: jinhe', `district: ${street.id}`)
      .replace('[lvl-s-underpass, mh-s-3]', '[lvl-1, mh-1]').replace('fz-grain-depot', 'fz-1').replace('[lvl-b-yard]', '[lvl-2]');
    const saved = await fetch(`${http}api/scenarios/soak-flood-street`, { method: 'PUT', headers: { authorization: `Bearer ${TRAINER}`, 'content-type': 'application/yaml' }, body: yaml });
    if (!saved.ok) throw new Error(`the soak's scenario was refused: ${await saved.text()}`);
    const drill = await fetch(`${http}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'soak-flood-street', seed: 1 }) });
    if (!drill.ok) throw new Error(`the soak's drill was refused: ${await drill.text()}`);
    const { roomId, code } = await drill.json() as { roomId: string; code: string };

    const t0 = performance.now();
    const atS = () => (performance.now() - t0) / 1000;
    const devices = spawnScript('device-emulators/cli.ts', ['--broker', mosquitto.url, '--district', streetFile, '--rate', '1', '--duration', String(seconds)]);
    const drillers = spawnScript('test/bench/soakDrillClients.ts', [http, TRAINER, roomId, String(seconds - 5), code]);
    children.push(devices, drillers);
    log(`running ${minutes} min: ${street.devices.length} devices at their real rates, 50 drill clients, a storm of 1,000 alarms at ${Math.round(seconds / 2)} s`);

    const samples: Sample[] = [];
    const sample = async () => {
      const text = await metricsText();
      samples.push({
        atS: Math.round(atS()), rssMb: Math.round(gauge(text, /^twin_process_process_resident_memory_bytes (\S+)$/m) / 2 ** 20),
        heapMb: Math.round(gauge(text, /^twin_process_nodejs_heap_size_used_bytes (\S+)$/m) / 2 ** 20),
        telemetryIn: metricValue(text, 'twin_mqtt_messages_in_total', { leaf: 'telemetry' }) ?? 0,
        openAlarms: [...text.matchAll(/^twin_alarms_open\{level="[^"]+"\} (\S+)$/gm)].reduce((s, m) => s + Number(m[1]), 0),
      });
      const s = samples.at(-1)!;
      log(`${s.atS} s · RSS ${s.rssMb} MB · heap ${s.heapMb} MB · ${s.telemetryIn} readings in · ${s.openAlarms} open alarms`);
    };
    await sample();
    const sampler = setInterval(() => void sample().catch(() => {}), SAMPLE_MS);

    // The storm, half-way, from its own process; its alarms watched on the retained alarm topics.
    const smoke = street.devices.filter((d) => d.type === 'smoke').map((d) => d.id);
    const probeDevices = smoke.slice(-20);
    const stormIds = smoke.slice(0, 1000);
    const watcher = await mqtt.connectAsync(mosquitto.url);
    const stormSet = new Set(stormIds);
    const stormAlarmed = new Set<string>();
    watcher.on('message', (_t, p) => { if (p.length) { const a = JSON.parse(String(p)) as { deviceId: string }; if (stormSet.has(a.deviceId)) stormAlarmed.add(a.deviceId); } });
    await watcher.subscribeAsync(`twin/${street.id}/alarm/+`, { qos: 1 });
    const stormAtS = Math.round(seconds / 2);
    let storm: Record<string, unknown> = {};
    const stormDone = (async () => {
      await new Promise((r) => setTimeout(r, stormAtS * 1000));
      const s0 = performance.now();
      const p = spawnScript('test/bench/stormProcess.ts', [mosquitto.url, street.id, stormIds.join(',')]);
      children.push(p);
      await p.exit;
      const published = JSON.parse(p.out.stdout.trim().split('\n').at(-1)!);
      await until(() => stormAlarmed.size === stormIds.length, 120_000, 'every storm alarm announced').catch(() => {});
      storm = { ...published, alarmsAnnounced: stormAlarmed.size, lastAnnouncedAfterMs: Math.round(performance.now() - s0) };
      log(`storm: ${stormAlarmed.size} of ${stormIds.length} alarms announced`);
    })();

    // The probe: reading → CAP Alert on detectors of their own, all along.
    const probes: { atS: number; ms: number }[] = [];
    const latencies = await alertLatencies(mosquitto.url, http, probeDevices, () => atS() > seconds - 10, street.id, OPERATOR, (ms) => probes.push({ atS: Math.round(atS()), ms: Math.round(ms * 10) / 10 }), 1000);
    await stormDone;
    const drillersExit = await drillers.exit;
    const devicesExit = await devices.exit;
    clearInterval(sampler);
    await sample();
    // Drained: the twin has taken everything the broker gave mosquitto_sub.
    await until(async () => (await telemetryIn()) >= subLines, 60_000, 'the twin taking every reading').catch(() => {});
    const twinIn = await telemetryIn();
    const text = await metricsText();
    await watcher.endAsync();

    // Growth per minute within each phase (the storm's 1,000 open alarms are a step, not a leak): from the end of
    // the first minute to the storm, and from a minute after it to the end.
    const growth = (from: number, to: number) => {
      const xs = samples.filter((s) => s.atS >= from && s.atS <= to);
      if (xs.length < 3) return null; // too short a run to tell
      return { heapMbPerMinute: round(slope(xs.map((s) => s.atS / 60), xs.map((s) => s.heapMb))), rssMbPerMinute: round(slope(xs.map((s) => s.atS / 60), xs.map((s) => s.rssMb))) };
    };
    const drillClients = JSON.parse(drillers.out.stdout.trim().split('\n').at(-1) ?? '{}');
    const result = {
      minutes, devices: street.devices.length,
      readings: { brokerDeliveredToMosquittoSub: subLines, takenByTwin: twinIn, lost: Math.max(0, subLines - twinIn), rejected: metricValue(text, 'twin_mqtt_messages_rejected_total', { reason: 'unknown_device' }) ?? null, emulatorsExit: devicesExit, emulatorsSaid: devices.out.stdout.trim().split('\n').at(-1) },
      storm: { ...storm, lost: stormIds.length - stormAlarmed.size },
      readingToCapAlertMs: summary(latencies),
      drillTickMs: { p50: round(1000 * (histogramQuantile(text, 'twin_drill_tick_seconds', 0.5) ?? NaN)), p99: round(1000 * (histogramQuantile(text, 'twin_drill_tick_seconds', 0.99) ?? NaN)), ticks: metricValue(text, 'twin_drill_tick_seconds_count') ?? 0 },
      drillClients: { ...drillClients, exit: drillersExit },
      memory: { first: samples[0], last: samples.at(-1), beforeStorm: growth(60, stormAtS), afterStorm: growth(stormAtS + 60, seconds), maxRssMb: Math.max(...samples.map((s) => s.rssMb)) },
      serverAlive: server.child.exitCode === null,
      samples, probes,
    };
    writeFileSync(`${outBase}.svg`, plot(samples, probes, stormAtS, `Soak, ${minutes} min — ${street.devices.length} devices at real rates, 50 drill clients, a storm of 1,000 alarms (${new Date().toISOString().slice(0, 10)})`));
    return result;
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    await server.exit;
    sub.kill('SIGTERM');
    await mosquitto.stop();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
