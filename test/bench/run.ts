// `npm run bench`: prints figures and writes them to bench-results/<timestamp>.json.
// Speed lives here, not in tests. Quote figures with the machine they were measured on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import { District } from '../../twin-assets/districtSchema';
import { startMosquitto } from '../helpers/mosquitto';
import { benchBrowser, benchScenes } from './browserFrame';
import { benchCore } from './coreThroughput';
import { benchIngest } from './ingest';
import { benchChirpstack } from './chirpstack';
import { benchDrillClients } from './drillClients';
import { benchHeadless } from './headless';
import { benchPlanner, benchStreetTables } from './planner';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { benchFlood, benchLivePath } from './livePath';
import { benchAlarmPathUnderLoad, benchIngestFlow } from './alarmPathUnderLoad';
import { benchJournalRestart } from './journalRestart';
import { loadDistrictFiles } from '../../sim-server/districtFiles';
import { benchSoak } from './soak';
import { benchHistory } from './history';
import { benchDrillResume } from './drillResume';
import { benchClusterPath } from './clusterPath';
import { benchMultizone } from './multizone';
import { ADMIN_PASSWORD } from '../helpers/people';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const env = (extra: Record<string, string> = {}) => ({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')), ADMIN_PASSWORD, MAX_GUESTS: '100', ...extra });
const step = (s: string) => process.stdout.write(`${s}…\n`);

/** Start time and memory, measured in a fresh process so earlier runs leave nothing behind. */
function startAndMemory(district = ''): Record<string, number> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/startMemory.ts', district], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const results: Record<string, unknown> = { machine, at: new Date().toISOString() };

// `npm run bench -- journal ingest` runs only the sections named; no names: all of them but the soak.
const args = process.argv.slice(2);
const minutesAt = args.indexOf('--minutes');
const soakMinutes = minutesAt >= 0 ? Number(args[minutesAt + 1]) : 10;
if (minutesAt >= 0) args.splice(minutesAt, 2);
if (!(soakMinutes > 0)) { console.error(`bench: --minutes takes a number of minutes above 0, not "${process.argv[process.argv.indexOf('--minutes') + 1] ?? ''}"`); process.exit(2); }
const only = args;
if (only.includes('--help') || only.includes('-h')) {
  console.log('npm run bench [-- <section> …]\n\nPrints speed figures and writes them to bench-results/<time>.json. Sections: default, scene, drill, street,\nmosquitto, journal, resume, hostile, ingest, chirpstack, headless, planner, history, cluster, multizone (no names: all of these), and soak, run only when named:\n  npm run bench -- soak --minutes 10   the full street at real rates + 50 drill clients + a storm of 1,000 alarms, for that long;\n                                       also writes a plot (bench-results/<time>-soak.svg). Environment: BENCH_ROUNDS, BENCH_DRILL_SECONDS,\nBENCH_JOURNAL_RECORDS, BENCH_HOSTILE_SECONDS, BENCH_INGEST_READINGS, BENCH_INGEST_ROUNDS, BENCH_CHIRPSTACK_UPLINKS, BENCH_HISTORY_ALARMS.');
  process.exit(0);
}
const wanted = (section: string) => (only.length === 0 && section !== 'soak') || only.includes(section);
const known = ['default', 'scene', 'drill', 'headless', 'planner', 'street', 'mosquitto', 'journal', 'resume', 'hostile', 'ingest', 'chirpstack', 'history', 'cluster', 'multizone', 'soak'];
for (const name of only) if (!known.includes(name)) { console.error(`bench: unknown section "${name}"; one of ${known.join(', ')}`); process.exit(2); }

const file = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
const g0 = performance.now();
writeFileSync(file, JSON.stringify(generateStreet(1)));
const generateMs = Math.round(performance.now() - g0);

if (wanted('default')) {
  step('default district: start and memory, live path through the embedded broker');
  const small = { twin: await startTwin(configFromEnv(env()), { log: () => {} }) };
  results.defaultDistrict = { devices: small.twin.loaded.district.devices.length, ...startAndMemory() };
  results.livePathEmbeddedMs = await benchLivePath(small.twin, ROUNDS);
  step('core throughput, one core');
  results.core = benchCore(small.twin.loaded.district, small.twin.loaded.rules, 3);
  step('default district in headless Chromium');
  results.browserDefaultDistrict = await benchBrowser(small.twin, 3000);
  await small.twin.stop();
}

if (wanted('scene')) {
  step('the 3D scene in headless Chromium: default district, full street, and the imported OSM neighbourhood (光谷广场)');
  const scene = await benchScenes(file);
  results.scene = scene;
  console.log(`  frame time: default ${scene.default.frameMs} ms, full street ${scene.street.frameMs} ms (${scene.ratio}× the default; target ≤ 3×), 光谷广场 ${scene.guanggu.frameMs} ms`);
  console.log(`  draw calls: default ${scene.default.drawCalls}, full street ${scene.street.drawCalls} (target ≤ 300), 光谷广场 ${scene.guanggu.drawCalls}`);
}

if (wanted('drill')) {
  step('50 colyseus.js clients in one drill, 10× simulated time');
  const drillTwin = await startTwin(configFromEnv(env({ TRAINER_TOKEN: 'bench-trainer-token' })), { log: () => {} });
  results.drill50Clients = await benchDrillClients(drillTwin, 'bench-trainer-token', Number(process.env.BENCH_DRILL_SECONDS ?? 30));
  await drillTwin.stop();
  step('the same 50 clients in a drill whose hazard is a building\'s multizone air (smoke in the stairwell)');
  const smokeTwin = await startTwin(configFromEnv(env({ TRAINER_TOKEN: 'bench-trainer-token' })), { log: () => {} });
  results.drill50ClientsMultizone = await benchDrillClients(smokeTwin, 'bench-trainer-token', Number(process.env.BENCH_DRILL_SECONDS ?? 30), 'stairwell-smoke-old-walkup');
  await smokeTwin.stop();
}

if (wanted('headless')) {
  step('headless runs of every built-in scenario, default district');
  const bundled = await loadDistrictFiles(null);
  results.headless = await benchHeadless(indexDistrict(bundled.district), bundled.rules);
}

if (wanted('planner')) {
  step('sensor placement: 10,000 incidents × 10,000 candidates, budget 300 (coverage, then impact)');
  results.planner = await benchPlanner(Number(process.env.BENCH_PLANNER_SIZE ?? 10_000), 300);
  step('the full street\'s gas, smoke and water-level tables from the hazard models, and 300 more sensors of each');
  results.plannerStreet = await benchStreetTables(District.parse(generateStreet(1)), (await loadDistrictFiles(null)).rules);
}

if (wanted('multizone')) {
  step('the multizone airflow model: a 30-storey block (300 zones), a fire and a gas leak, one simulated hour');
  results.multizone = benchMultizone();
}

if (wanted('street')) {
  step('full street: generate, start, draw in headless Chromium');
  const street = { twin: await startTwin(configFromEnv(env({ DISTRICT: file })), { log: () => {} }) };
  results.fullStreet = { devices: street.twin.loaded.district.devices.length, buildings: street.twin.loaded.district.buildings.length, generateMs, ...startAndMemory(file) };
  results.livePathFullStreetMs = await benchLivePath(street.twin, ROUNDS);
  results.browserFullStreet = await benchBrowser(street.twin, 5000);
  step('alarm flood: 1,000 alarms within a second, full street, embedded broker');
  results.flood = await benchFlood(street.twin, 1000);
  await street.twin.stop();
}

if (wanted('mosquitto')) {
  step('live path (reading → CAP) through Mosquitto, default district and full street');
  const mosquitto = await startMosquitto();
  const viaMosquitto = await startTwin(configFromEnv(env({ MQTT_URL: mosquitto.url })), { log: () => {} });
  results.livePathMosquittoMs = await benchLivePath(viaMosquitto, ROUNDS);
  await viaMosquitto.stop();
  const streetViaMosquitto = await startTwin(configFromEnv(env({ MQTT_URL: mosquitto.url, DISTRICT: file })), { log: () => {} });
  results.livePathFullStreetMosquittoMs = await benchLivePath(streetViaMosquitto, ROUNDS);
  step('sustained readings into the twin through Mosquitto, full street');
  results.ingestFullStreetMosquitto = await benchIngest(streetViaMosquitto, 10);
  await streetViaMosquitto.stop();
  await mosquitto.stop();
}

if (wanted('journal')) {
  step('restart after 1,000,000 journal records (full street, kill without a last snapshot)');
  results.journalRestart = await benchJournalRestart(await loadDistrictFiles(file), Number(process.env.BENCH_JOURNAL_RECORDS ?? 1_000_000));
}

if (wanted('resume')) {
  step('a two-hour drill back after a restart: from its last kernel snapshot and the inputs after it, then again replaying every input, the session on Mosquitto');
  const bundled = await loadDistrictFiles(null);
  const mosquitto = await startMosquitto();
  try { results.drillResume = await benchDrillResume(indexDistrict(bundled.district), bundled.rules, mosquitto.url); } finally { await mosquitto.stop(); }
}

if (wanted('hostile')) {
  step('reading → CAP through Mosquitto, default district, twin in its own process: quiet, then with 8 hostile validations and a room flood from another process');
  results.alarmPathUnderHostileLoad = await benchAlarmPathUnderLoad(Number(process.env.BENCH_HOSTILE_SECONDS ?? 20));
}

if (wanted('chirpstack')) {
  step('uplinks through the ChirpStack source (codec in its sandbox) against the native JSON path: a publisher process, QoS 1, through Mosquitto, to the twin process');
  results.chirpstack = await benchChirpstack(file, Number(process.env.BENCH_CHIRPSTACK_UPLINKS ?? 50_000));
  console.log(`  ChirpStack: ${JSON.stringify(results.chirpstack)}`);
}
if (wanted('ingest')) {
  step('ingest with flow control: a publisher process, QoS 1, through Mosquitto, to a bare mosquitto_sub and then to the twin process');
  results.ingestFlowControl = await benchIngestFlow(file, Number(process.env.BENCH_INGEST_READINGS ?? 200_000), Number(process.env.BENCH_INGEST_ROUNDS ?? 3));
  console.log(`  ingest: the twin took ${JSON.stringify(results.ingestFlowControl)}`);
}

if (wanted('history')) {
  step('the history at a year\'s size on PostgreSQL and PGlite: 500,000 alarms and 2,500,000 transitions written, KPIs over the year and a month, a page, a month\'s CSV, a device\'s year of minutes by day');
  results.history = await benchHistory(Number(process.env.BENCH_HISTORY_ALARMS ?? 500_000));
}

// Last of the in-process sections: its twin shares rooms through Redis (Colyseus' matchmaker is process-wide).
if (wanted('cluster')) {
  step('reading → CAP through Mosquitto with PostgreSQL, alone and then with REDIS_URL (every batch also committed to the shared live log)');
  results.clusterPath = await benchClusterPath(ROUNDS);
}

mkdirSync('bench-results', { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
if (wanted('soak')) {
  step(`soak, ${soakMinutes} min: the full street at its real report rates, 50 drill clients at 10×, and half-way a storm of 1,000 alarms in a second, each from its own process, against the twin's own process on Mosquitto`);
  const soak = await benchSoak(file, soakMinutes, join('bench-results', `${stamp}-soak`));
  results.soak = soak;
  const { samples: _s, probes: _p, ...figures } = soak;
  console.log(`  ${JSON.stringify(figures)}`);
}
const out = join('bench-results', `${stamp}.json`);
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, (k, v) => (k === 'samples' || k === 'probes' ? `${(v as unknown[]).length} in the file` : v), 2));
console.log(`wrote ${out}`);
process.exit(0);
