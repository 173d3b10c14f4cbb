// `npm run screenshot`: the README's picture, from the real thing. Starts a twin with the bundled
// district and emulators, raises a few alarms over MQTT, and photographs the client in Chromium.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';

const out = process.argv[2] ?? 'docs/screenshot.png';
const lang = process.argv[3] ?? 'zh-CN';
const twin = await startTwin(configFromEnv({ PORT: '0', MQTT_PORT: '0', OPERATOR_TOKEN: 'screenshot-token', DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const client = await mqtt.connectAsync(twin.mqttUrl);
const publish = (id: string, readings: Record<string, number | boolean>) =>
  client.publishAsync(`twin/${twin.loaded.district.id}/dev/${id}/telemetry`, JSON.stringify({ ts: Date.now(), readings }), { qos: 1 });
await publish('gas-a1-301', { gas_lel: 40 });
await publish('elv-c1-1', { passenger_trapped: true });
await publish('crane-d1', { moment_pct: 112, wind_mps: 16 });
await publish('lvl-s-underpass', { level_m: 0.35 });
// The broker's PUBACK does not mean the twin has processed the reading: wait for the alarm.
let ack: { id: string } | undefined;
for (let i = 0; i < 100 && !ack; i++) {
  ack = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'lvl-s-underpass');
  if (!ack) await new Promise((r) => setTimeout(r, 50));
}
if (ack) await fetch(`${twin.httpUrl}api/alarms/${ack.id}/ack`, { method: 'POST', headers: { authorization: 'Bearer screenshot-token' }, body: JSON.stringify({ by: '李敏' }) });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 810 }, locale: lang });
await page.goto(`${twin.httpUrl}?token=screenshot-token`);
await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 30, null, { timeout: 30_000 });
mkdirSync(join(out, '..'), { recursive: true });
await page.screenshot({ path: out });
console.log(`wrote ${out}`);
await browser.close();
await client.endAsync();
await twin.stop();
