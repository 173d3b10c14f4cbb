import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { FROM, TO, writeKnownJournal } from '../helpers/alarmHistory';
import { twinAndBrowser } from '../helpers/browserSuite';
import { newPage } from '../helpers/chromium';
import { startTestTwin } from '../helpers/twin';
const ctx = twinAndBrowser(() => { const d = mkdtempSync(join(tmpdir(), 'k-')); writeKnownJournal(d); return startTestTwin({ DATA_DIR: d }); });
it('shots', async () => {
  const page = await newPage(ctx.browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await page.goto(`${ctx.twin.httpUrl}kpis?from=${FROM}&to=${TO}`);
  await page.getByTestId('kpi-rate-chart').locator('canvas').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/kpis.png', fullPage: true });
}, 300_000);
