// `npm run screenshot:console`: the README's pictures of the operator's console, from the real thing, in
// zh-CN. A twin on a journal with a known alarm history (the KPI page), a resident's report sent from a
// phone-sized page with a real photo, the console with that report opened, and a device panel.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { FROM, TO, writeKnownJournal } from '../test/helpers/alarmHistory';
import { MqttProbe, until } from '../test/helpers/mqttProbe';
import { withSession } from '../test/helpers/chromium';
import { addPerson, login } from '../test/helpers/people';

const TOKEN = 'screenshot-operator';
const PHOTO = fileURLToPath(new URL('../test/fixtures/photos/photo-1600x1200.jpg', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'shot-'));
writeKnownJournal(dataDir);
console.log('starting a twin on a journal with a known alarm history…');
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', EMULATORS: 'on', OPERATOR_TOKEN: TOKEN, DATA_DIR: dataDir }), { log: () => {}, emulatorIntervalScale: 0.05 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
mkdirSync('docs', { recursive: true });
const wrote = (f: string) => console.log(`wrote ${f}`);

const kpis = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
await withSession(kpis, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await kpis.goto(`${twin.httpUrl}kpis?from=${FROM}&to=${TO}`);
await kpis.getByTestId('kpi-rate-chart').locator('canvas').waitFor();
await kpis.waitForTimeout(800);
await kpis.screenshot({ path: 'docs/kpis.png' });
wrote('docs/kpis.png');

const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
await phone.goto(`${twin.httpUrl}report`);
await phone.getByTestId('building-map').waitFor();
await phone.getByTestId('category-ebike_charging').tap();
await phone.getByTestId('photo-input').setInputFiles(PHOTO);
await phone.getByTestId('building-select').selectOption('b-a1');
await phone.getByTestId('report-text').fill('1单元一楼楼道，每晚都有电动车在充电');
await phone.waitForTimeout(500);
await phone.screenshot({ path: 'docs/report-phone.png' });
wrote('docs/report-phone.png');
await phone.getByTestId('report-send').tap();
await phone.getByTestId('report-sent').waitFor();
await phone.screenshot({ path: 'docs/report-sent.png' });
wrote('docs/report-sent.png');

const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
await withSession(page, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await page.goto(twin.httpUrl);
await page.waitForFunction(() => (window.__twin?.frames ?? 0) > 10, null, { timeout: 120_000 });
await page.locator('header h1').click(); // arms the alarm tone
await page.locator('.report-head').first().click();
await page.getByTestId('report-photo').waitFor();
await page.waitForTimeout(2500);
await page.screenshot({ path: 'docs/reports-console.png' });
wrote('docs/reports-console.png');

const gas = await MqttProbe.connect(twin.mqttUrl);
for (const [seq, lel] of [[1001, 3], [1002, 8], [1003, 14], [1004, 26]] as const) {
  await gas.publish('twin/jinhe/dev/gas-a2-502/telemetry', JSON.stringify({ seq, readings: { gas_lel: lel } }));
  await new Promise((r) => setTimeout(r, 400));
}
await until(() => twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'gas-a2-502'), 30_000, 'the gas alarm');
await page.locator('.report-head').first().click(); // close the report
await page.evaluate(() => window.__twinView!.set({ selectedDeviceId: 'gas-a2-502' }));
await page.getByTestId('history-chart').locator('canvas').waitFor();
await page.getByTestId('cmd-close_valve').click();
await page.waitForTimeout(2500);
await page.screenshot({ path: 'docs/device-panel.png' });
wrote('docs/device-panel.png');

// The login page every staff link opens on, and the administrator's page of people, roles and the audit log.
const signIn = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
await signIn.goto(twin.httpUrl);
await signIn.getByTestId('login-form').waitFor();
await signIn.getByTestId('login').fill('liming');
await signIn.screenshot({ path: 'docs/login.png' });
wrote('docs/login.png');
await addPerson(twin.httpUrl, ['operator'], { name: '值班员李明', login: 'liming' });
await addPerson(twin.httpUrl, ['community'], { name: '社区王红', login: 'wanghong', scope: { communityId: 'c-qingyun' } });
await addPerson(twin.httpUrl, ['grid_worker'], { name: '网格员刘芳', login: 'liufang', scope: { courtyardIds: ['cy-a', 'cy-b'] } });
await addPerson(twin.httpUrl, ['trainer', 'evaluator'], { name: '教官王军', login: 'wangjun' });
const admin = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
await withSession(admin, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await admin.goto(`${twin.httpUrl}?admin`);
await admin.getByTestId('person-liufang').waitFor();
await admin.waitForTimeout(1000);
await admin.screenshot({ path: 'docs/admin.png' });
wrote('docs/admin.png');

await gas.close();
await browser.close();
await twin.stop();
process.exit(0);
