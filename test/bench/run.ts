// `npm run bench`: prints figures and writes them to bench-results/<timestamp>.json.
// Speed lives here, not in tests. Quote figures with the machine they were measured on.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { startMosquitto } from '../helpers/mosquitto';
import { benchBrowser } from './browserFrame';
import { benchCore } from './coreThroughput';
import { benchLivePath } from './livePath';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const env = () => ({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')) });
const step = (s: string) => process.stdout.write(`${s}…\n`);

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const results: Record<string, unknown> = { machine, at: new Date().toISOString() };

step('live path (reading → CAP) through the embedded broker');
const t0 = performance.now();
let twin = await startTwin(configFromEnv(env()), { log: () => {} });
results.startMs = Math.round(performance.now() - t0);
results.rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
results.livePathEmbeddedMs = await benchLivePath(twin, ROUNDS);

step('core throughput, one core');
results.core = benchCore(twin.loaded.district, twin.loaded.rules, 3);

step('client frame time and draw calls in headless Chromium');
results.browserDefaultDistrict = await benchBrowser(twin, 3000);
await twin.stop();

step('live path (reading → CAP) through Mosquitto');
const mosquitto = await startMosquitto();
twin = await startTwin(configFromEnv({ ...env(), MQTT_URL: mosquitto.url }), { log: () => {} });
results.livePathMosquittoMs = await benchLivePath(twin, ROUNDS);
await twin.stop();
await mosquitto.stop();

mkdirSync('bench-results', { recursive: true });
const file = join('bench-results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
console.log(`wrote ${file}`);
process.exit(0);
