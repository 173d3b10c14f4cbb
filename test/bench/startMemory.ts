// Run in a fresh process (`node --expose-gc --import tsx test/bench/startMemory.ts [district]`): the
// twin's start time and what it holds afterwards, free of whatever an earlier benchmark left behind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const MiB = (n: number) => Math.round(n / 2 ** 20);
gc();
const m0 = process.memoryUsage();
const t0 = performance.now();
const twin = await startTwin(configFromEnv({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', DISTRICT: process.argv[2] ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'mem-')) }), { log: () => {} });
const startMs = Math.round(performance.now() - t0);
gc();
const m1 = process.memoryUsage();
console.log(JSON.stringify({ startMs, heapMiB: MiB(m1.heapUsed - m0.heapUsed), buffersMiB: MiB(m1.arrayBuffers - m0.arrayBuffers), rssMiB: MiB(m1.rss), rssGrowthMiB: MiB(m1.rss - m0.rss) }));
await twin.stop();
process.exit(0);
