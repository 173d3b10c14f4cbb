// `npm run screenshot:district [-- <folder>]`: the README's pictures of the twin as a place, from the real
// thing: the full street (generated with seed 1), as a whole and with a gas alarm opened from its card; the
// OpenStreetMap neighbourhood of 光谷广场 (Wuhan)
// imported with its device register and a gas alarm in a staff dormitory; and the hazard layers of two
// drills on the bundled district (a ruptured gas main's cloud, a flooded underpass).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { cliArgs } from '../twin-assets/cli';
import { generateStreet } from '../twin-assets/generator/generateStreet';
import { launchChromium, openTwinPage } from '../test/helpers/chromium';
import { cameraStill } from '../test/helpers/scenePixels';
import { createDrill, fastForward, joinDrill } from '../test/helpers/drillClient';
import { TRAINER_TOKEN } from '../test/helpers/twin';
import { login } from '../test/helpers/people';

const { positionals } = cliArgs('screenshot:district', 'npm run screenshot:district [-- <folder>]\n\nPhotographs the imported OSM neighbourhood (光谷广场) and the hazard layers of two drills in Chromium.\nWrites docs/street.png, docs/street-alarm.png, docs/guanggu.png, docs/hazard-gas.png and docs/hazard-flood.png unless given another folder.', {}, { positionals: true });
const dir = positionals[0] ?? 'docs';
const env = (extra: Record<string, string>) => configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', EMULATORS: 'off', OPERATOR_TOKEN: 'screenshot-token', TRAINER_TOKEN, DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')), ...extra });
const settle = (page: Page) => page.waitForTimeout(3000);
const browser = await launchChromium();

// 1. The full street: the first view, then a gas alarm in a flat opened from its card, as an operator would.
const streetFile = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
writeFileSync(streetFile, JSON.stringify(generateStreet(1)));
const street = await startTwin(env({ DISTRICT: streetFile }), { log: () => {} });
const gas = street.loaded.district.devices.find((d) => d.type === 'gas')!;
const streetPage = await openTwinPage(browser, street.httpUrl, 'zh-CN', 120_000, await login(street.httpUrl, 'admin', 'admin-test-password'));
await streetPage.setViewportSize({ width: 1440, height: 860 });
await settle(streetPage);
await streetPage.screenshot({ path: join(dir, 'street.png') });
const streetMqtt = await mqtt.connectAsync(street.mqttUrl);
for (const lel of [3, 12, 34]) await streetMqtt.publishAsync(`twin/${street.loaded.district.id}/dev/${gas.id}/telemetry`, JSON.stringify({ ts: Date.now(), readings: { gas_lel: lel } }), { qos: 1 });
await streetMqtt.endAsync();
await streetPage.locator('li.alarm').first().click({ position: { x: 30, y: 10 } });
await cameraStill(streetPage);
await settle(streetPage);
await streetPage.screenshot({ path: join(dir, 'street-alarm.png') });
await streetPage.close();
await street.stop();

// 2. 光谷广场, imported as the README's quick start does it (the real command), with the fixture's patch (a micro fire station).
const fixture = 'test/fixtures/osm-guanggu';
const work = mkdtempSync(join(tmpdir(), 'guanggu-'));
execFileSync(process.execPath, ['--import', 'tsx', 'twin-assets/importCli.ts', '--buildings', `${fixture}/guanggu.geojson`, '--devices', `${fixture}/register.csv`,
  '--origin', '30.508,114.395', '--id', 'guanggu', '--name-zh', '光谷广场片区', '--name-en', 'Guanggu Square', '--out', join(work, 'guanggu.json')], { stdio: 'inherit' });
copyFileSync(`${fixture}/guanggu.local.json`, join(work, 'guanggu.local.json'));
const city = await startTwin(env({ DISTRICT: join(work, 'guanggu.local.json') }), { log: () => {} });
const client = await mqtt.connectAsync(city.mqttUrl);
for (const lel of [3, 12, 34]) await client.publishAsync('twin/guanggu/dev/gas-jg20-301/telemetry', JSON.stringify({ ts: Date.now(), readings: { gas_lel: lel } }), { qos: 1 });
await client.endAsync();
const page = await openTwinPage(browser, city.httpUrl, 'zh-CN', 90_000, await login(city.httpUrl, 'admin', 'admin-test-password'));
await page.setViewportSize({ width: 1440, height: 860 });
const dorm = city.loaded.district.buildings.find((b) => b.name.zh === '教工宿舍20号楼')!;
await page.evaluate(([x, y]) => window.__twinView!.flyTo(x!, y!, 0, 420), [dorm.x + 60, dorm.y + 80]);
await settle(page);
await page.screenshot({ path: join(dir, 'guanggu.png') });
await page.close();
await city.stop();

// 3. Hazard layers, drawn from the models in a drill on the bundled district.
const twin = await startTwin(env({}), { log: () => {} });
for (const [scenario, seconds, file, view] of [
  ['gas-main-rupture-street', 330, 'hazard-gas.png', [-20, 10, 0, 75]],
  ['flood-underpass', 2400, 'hazard-flood.png', null],
] as const) {
  const drill = await createDrill(twin.httpUrl, scenario, 1);
  const session = twin.drills.get(drill.drillId)!;
  const trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
  const p = await openTwinPage(browser, `${twin.httpUrl}?drill=${drill.roomId}&role=commander`, 'zh-CN', 90_000, await login(twin.httpUrl, 'admin', 'admin-test-password'));
  await p.setViewportSize({ width: 1440, height: 860 });
  await trainer.ask('control', { cmd: 'start' });
  await p.getByTestId('drill-status').filter({ hasText: '进行中' }).waitFor({ timeout: 60_000 });
  await fastForward(session, seconds);
  const h = session.run.hazardViews()[0]!;
  const [x, y, z, distance] = view ?? [h.x, h.y, 0, 120];
  await p.evaluate(([x, y, z, d]) => window.__twinView!.flyTo(x!, y!, z!, d!), [x, y, z, distance]);
  await settle(p);
  await p.screenshot({ path: join(dir, file) });
  await p.close();
  await trainer.room.leave();
}
await twin.stop();
await browser.close();
console.log(`wrote ${dir}/street.png, ${dir}/street-alarm.png, ${dir}/guanggu.png, ${dir}/hazard-gas.png and ${dir}/hazard-flood.png`);
process.exit(0);
