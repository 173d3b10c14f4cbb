// The KPI page against a journal with a known alarm history: the figures as worked out by hand, two uPlot
// charts drawn from the data, the sources named by place, in Chinese with no raw ids.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED, FROM, TO, writeKnownJournal } from '../helpers/alarmHistory';
import { twinAndBrowser } from '../helpers/browserSuite';
import { newPage, withSession } from '../helpers/chromium';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

describe('the alarm KPI page', () => {
  const ctx = twinAndBrowser(() => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twin-kpis-'));
    writeKnownJournal(dataDir);
    return startTestTwin({ DATA_DIR: dataDir });
  });

  it('shows the known history\'s figures, charts and sources, in zh-CN', async () => {
    const page = await newPage(ctx.browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await withSession(page, ctx.twin.httpUrl, await sessionAs(ctx.twin.httpUrl, ['viewer']));
    await page.goto(`${ctx.twin.httpUrl}kpis?from=${FROM}&to=${TO}`);
    await page.getByTestId('kpi-rate-chart').locator('canvas').waitFor();
    expect(await page.title()).toBe('报警系统健康度 · 锦河街道示范片区');
    const tile = (id: string) => page.getByTestId(id).locator('.value').textContent();
    expect(await tile('kpiRaised')).toBe(String(EXPECTED.raised));
    expect(await tile('kpiPeak')).toBe(String(EXPECTED.maxPer10Min));
    expect(await tile('kpiFlood')).toBe(`${EXPECTED.floodPct}%`);
    expect(await tile('kpiStale')).toBe('1');
    expect(await page.getByTestId('kpiFlood').getAttribute('class')).toContain('bad'); // over the 1 % target
    // The charts hold the data: twelve 10-minute bars, four grades.
    expect(await page.getByTestId('kpi-rate-chart').getAttribute('data-points')).toBe('12');
    expect(await page.getByTestId('kpi-ack-chart').getAttribute('data-points')).toBe('4');
    const inked = await page.getByTestId('kpi-rate-chart').locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 2]! > 150 && d[i]! < 150) blue++;
      return blue;
    });
    expect(inked).toBeGreaterThan(200); // the flood bar is drawn
    // Sources by place and kind, most frequent first.
    const top = await page.getByTestId('kpi-top').locator('tr').first().textContent();
    expect(top).toContain('纺织厂老院落 1栋 3层');
    expect(top).toContain('燃气泄漏');
    expect(await page.getByTestId('kpi-chattering').textContent()).toContain('1分钟内 4 次');
    expect(await page.getByTestId('kpi-standing').locator('tr').count()).toBe(2);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/\b(gas|smk|elec|pile)-[a-z0-9-]+\b/);
    await page.close();
  });
});
