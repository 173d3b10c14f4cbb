// `npm run screenshot:history`: the README's picture of the alarm records page (`/history`), from the real thing in
// zh-CN: a twin whose history holds a year of alarms made by the alarm engine (some acknowledged by 李敏, some by
// 王强, a few never), written through the product's own projection.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../sim-server/app';
import { configFromEnv } from '../sim-server/config';
import { AlarmEngine } from '../sim-server/core/alarmEngine';
import { project } from '../sim-server/history/projection';
import type { JournalRecord } from '../sim-server/journal/records';
import { seededRng } from '../twin-assets/random';
import { cliArgs } from '../twin-assets/cli';
import { launchChromium, withSession } from '../test/helpers/chromium';
import { bundledIndex, bundledRules } from '../test/helpers/fixtures';
import { login } from '../test/helpers/people';

cliArgs('screenshot:history', `
npm run screenshot:history

Writes docs/history.png: the alarm records page (/history) in zh-CN over the last year, from a twin (emulators
off, a fresh DATA_DIR) whose history holds a year of alarms made by the alarm engine. Needs Debian's chromium.
`, {});

const DAY = 86_400_000;
console.log('starting a twin (its embedded database: a few seconds the first time)…');
const twin = await startTwin(configFromEnv({ PORT: '0', ADMIN_PASSWORD: 'admin-test-password', MQTT_PORT: '0', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-history-')) }), { log: () => {} });
while (!twin.history.ready) await new Promise((r) => setTimeout(r, 100));

console.log('a year of alarms into its history…');
const index = bundledIndex();
const rules = bundledRules();
const rng = seededRng(12);
const now = Date.now();
const records: JournalRecord[] = [];
const devices = [...index.devices.values()].filter((d) => d.type === 'gas' || d.type === 'smoke');
for (let t = now - 365 * DAY; t < now - 3600_000; t += Math.floor(rng() * 3 * DAY)) {
  const device = devices[Math.floor(rng() * devices.length)]!;
  // An engine per alarm: one that heard the street only now and then would (rightly) call every device offline.
  const engine = new AlarmEngine(index, rules, false);
  const [raised] = engine.onReading(device.id, device.type === 'gas' ? { gas_lel: 12 + Math.floor(rng() * 40) } : { alarm: true }, t);
  if (!raised) continue;
  if (rng() < 0.9) engine.acknowledge(raised.alarm.id, rng() < 0.6 ? { id: 'p-li', name: '李敏' } : { id: 'p-wang', name: '王强' }, t + 20_000 + Math.floor(rng() * 400_000));
  engine.onReading(device.id, device.type === 'gas' ? { gas_lel: 0 } : { alarm: false }, t + 900_000);
  engine.tick(t + 960_000);
  records.push({ t: 'alarm', at: t + 960_000, s: engine.stored(raised.alarm.id)! });
}
await twin.history.sql.batch(project(records));

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
await withSession(page, twin.httpUrl, await login(twin.httpUrl, 'admin', 'admin-test-password'));
await page.goto(`${twin.httpUrl}history?period=lastYear`);
await page.getByTestId('history-table').locator('tbody tr').first().waitFor();
await page.waitForTimeout(500);
mkdirSync('docs', { recursive: true });
await page.screenshot({ path: 'docs/history.png' });
console.log(`wrote docs/history.png (${records.length} alarms over the year)`);
await browser.close();
await twin.stop();
process.exit(0);
