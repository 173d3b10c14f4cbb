// `npm run screenshot [-- out.png [locale]]`: the README's picture, from the real thing. Starts a twin
// (DISTRICT from the environment, else the bundled one) with emulators, raises a few alarms over
// MQTT, opens a device's panel and photographs the client in Chromium.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { withSession } from '../test/helpers/chromium';
import { addPerson, login } from '../test/helpers/people';

const out = process.argv[2] ?? 'docs/screenshot.png';
const lang = process.argv[3] ?? 'zh-CN';
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', OPERATOR_TOKEN: 'screenshot-token', DISTRICT: process.env.DISTRICT ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) }), { log: () => {} });
const d = twin.loaded.district;
const first = (type: string) => d.devices.find((v) => v.type === type)!.id;
const client = await mqtt.connectAsync(twin.mqttUrl);
const publish = (id: string, readings: Record<string, number | boolean>) =>
  client.publishAsync(`twin/${d.id}/dev/${id}/telemetry`, JSON.stringify({ ts: Date.now(), readings }), { qos: 1 });
const gas = d.devices.find((v) => v.type === 'gas' && v.id.includes('a1')) ?? d.devices.find((v) => v.type === 'gas')!;
for (const lel of [0.4, 0.6, 3, 9, 18, 31, 40]) await publish(gas.id, { gas_lel: lel });
await publish(first('elevator'), { passenger_trapped: true, floor: 9 });
await publish(first('crane'), { moment_pct: 112, load_kg: 2800, wind_mps: 16, slew_speed_dps: 2 });
await publish(first('water_level'), { level_m: 0.35 });
// The broker's PUBACK does not mean the twin has processed the reading: wait for the alarm.
let flood: { id: string } | undefined;
for (let i = 0; i < 100 && !flood; i++) {
  flood = twin.pipeline.core.openAlarms().find((a) => a.deviceId === first('water_level'));
  if (!flood) await new Promise((r) => setTimeout(r, 50));
}
if (flood) await fetch(`${twin.httpUrl}api/alarms/${flood.id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${(await addPerson(twin.httpUrl, ['operator'], { name: '李敏' })).token}` } });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, locale: lang });
await withSession(page, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await page.goto(twin.httpUrl);
await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 10, null, { timeout: 120_000 });
await page.evaluate((id) => window.__twinView!.set({ selectedDeviceId: id }), gas.id);
if (process.env.VIEW === 'wide') await page.evaluate(() => window.__twinView!.flyTo(0, 0, 0, 1500));
else await page.evaluate(([x, y]) => window.__twinView!.flyTo(x!, y!, 0, 170), [gas.position.x + 12, gas.position.y - 20]);
await page.waitForTimeout(2500);
await page.getByTestId('device-panel').locator('svg.sparkline').first().waitFor();
mkdirSync(dirname(out), { recursive: true });
await page.screenshot({ path: out });
console.log(`wrote ${out}`);
await browser.close();
await client.endAsync();
await twin.stop();
