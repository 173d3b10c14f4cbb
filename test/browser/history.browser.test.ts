// The console's history in zh-CN: a year of alarm records (from the database, through the product's own
// projection) by period, with who acknowledged each, and the month's CSV; a device's chart over 24 hours and a
// year drawn from the database, the same after the twin restarts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningTwin } from '../../sim-server/app';
import { AlarmEngine } from '../../sim-server/core/alarmEngine';
import { project } from '../../sim-server/history/projection';
import { upsertMinutes, type Aggregate } from '../../sim-server/history/readings';
import type { JournalRecord } from '../../sim-server/journal/records';
import { launchChromium, openTwinPage, newPage, withSession } from '../helpers/chromium';
import { freshDatabaseUrl } from '../helpers/database';
import { bundledIndex, bundledRules } from '../helpers/fixtures';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { sessionAs } from '../helpers/people';
import { startTestTwin } from '../helpers/twin';

const DAY = 86_400_000;
const GAS = 'gas-b1-201';

/** Alarms raised 300 days, 40 days and 1 hour ago, each acknowledged by 李敏, as the engine records them. */
function pastAlarms(now: number): JournalRecord[] {
  const engine = new AlarmEngine(bundledIndex(), bundledRules(), false);
  const out: JournalRecord[] = [];
  for (const [device, ago] of [['gas-a2-502', 300 * DAY], ['smk-a3-101', 40 * DAY], ['gas-a1-301', 3600_000]] as const) {
    const at = now - ago;
    const [raised] = engine.onReading(device, device.startsWith('gas') ? { gas_lel: 35 } : { alarm: true }, at);
    engine.acknowledge(raised!.alarm.id, { id: 'p-li', name: '李敏' }, at + 95_000);
    out.push({ t: 'alarm', at: at + 95_000, s: engine.stored(raised!.alarm.id)! });
  }
  return out;
}

describe('the console\'s history', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'history-browser-'));
  let database: string;
  let twin: RunningTwin;
  let browser: Browser;
  let session: string;
  const now = Date.now();
  beforeAll(async () => {
    database = await freshDatabaseUrl();
    twin = await startTestTwin({ DATA_DIR: dataDir, DATABASE_URL: database });
    await twin.history.sql.batch(project(pastAlarms(now)));
    // A year of the detector's readings as the history keeps them: a minute a day, rising slowly.
    const year: Aggregate[] = Array.from({ length: 365 }, (_, i) => {
      const t = now - (365 - i) * DAY - ((now - (365 - i) * DAY) % 60_000);
      return { deviceId: GAS, quantity: 'gas_lel', t, n: 4, min: 0, mean: i / 100, max: 1, last: 0, lastAt: t + 50_000 };
    });
    await twin.history.sql.batch(upsertMinutes(year));
    session = await sessionAs(twin.httpUrl, ['operator'], { name: '值班员周静' });
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); await twin?.stop(); });

  it('lists a year of alarm records by period, with who acknowledged each, and downloads the period as a CSV', async () => {
    const page = await newPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await withSession(page, twin.httpUrl, session);
    await page.goto(`${twin.httpUrl}history`);
    const rows = page.getByTestId('history-table').locator('tbody tr');
    await page.getByTestId('period-lastYear').click();
    await until(async () => (await rows.count()) === 3, 60_000, 'a year of alarms');
    expect(await page.title()).toBe('报警记录 · 锦河街道示范片区');
    const text = await page.getByTestId('history-table').innerText();
    expect(text).toContain('纺织厂老院落 2栋 5层 1-502 可燃气体探测器');
    expect(text).toContain('李敏');
    expect(text).toContain('95 秒');
    expect(text).not.toMatch(/gas-a2-502|smk-a3-101|active_acked/);
    await page.getByTestId('period-last30d').click();
    await until(async () => (await rows.count()) === 1, 60_000, 'the last 30 days');
    const href = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await page.request.get(`${twin.httpUrl}${href!.slice(1)}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('李敏');
    await page.close();
  }, 180_000);

  it('charts a device over 24 hours and a year from the database, the same after a restart', async () => {
    const probe = await MqttProbe.connect(twin.mqttUrl, [], { clientId: GAS });
    for (const [seq, lel] of [[1, 1], [2, 3], [3, 2]] as const) await probe.publish(`twin/jinhe/dev/${GAS}/telemetry`, JSON.stringify({ seq, readings: { gas_lel: lel } }));
    await probe.close();
    await until(() => twin.pipeline.core.devices.get(GAS)?.readings.gas_lel === 2, 30_000, 'the readings');
    await twin.history.readings.flush(true);
    await twin.stop();
    twin = await startTestTwin({ DATA_DIR: dataDir, DATABASE_URL: database });
    session = await sessionAs(twin.httpUrl, ['operator'], { name: '值班员周静' });

    const page: Page = await openTwinPage(browser, twin.httpUrl, 'zh-CN', 90_000, session);
    await page.evaluate((id) => (window as unknown as { __twinView: { set(s: object): void } }).__twinView.set({ selectedDeviceId: id }), GAS);
    const chart = page.locator('[data-quantity="gas_lel"] [data-testid="history-chart"]');
    // After the restart the memory holds no reading: what the 24-hour chart draws came from the database.
    await page.getByTestId('range-24h').waitFor();
    await until(async () => Number(await chart.getAttribute('data-points')) >= 1, 60_000, 'the last minute from the database');
    expect(twin.pipeline.core.devices.seriesOf(GAS)).toHaveLength(0);
    expect(await page.getByTestId('range-24h').textContent()).toBe('24小时');
    await page.getByTestId('range-1y').click();
    await until(async () => Number(await chart.getAttribute('data-points')) >= 365, 60_000, 'a year of days');
    await page.getByTestId('range-live').click();
    await until(async () => Number(await chart.getAttribute('data-points')) === 0, 60_000, 'nothing in memory');
    await page.close();
  }, 240_000);
});
