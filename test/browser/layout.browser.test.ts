// Made for the screens in the room: at 1366×768 no panel lies over another and nothing runs off its column,
// on the operator's console (alarm popup, device panel, legend, overview, cutaway, sound banner, side column)
// and on the trainer's console mid-drill.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { MqttProbe } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

/** Pairs of the given panels whose boxes overlap, and elements that stick out of their column to the right. */
async function clashes(page: Page, panels: string[], column: string) {
  return page.evaluate(([sels, col]) => {
    const boxes = (sels as string[]).flatMap((s) => [...document.querySelectorAll(s)].map((e) => ({ s, r: e.getBoundingClientRect() }))).filter((b) => b.r.width > 0);
    const overlaps: string[] = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) overlaps.push(`${a.s} × ${b.s}`);
    }));
    const side = document.querySelector(col as string)!.getBoundingClientRect();
    const outside = [...document.querySelectorAll(`${col} *`)].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > side.right + 1; }).map((e) => `${e.tagName.toLowerCase()}.${e.className}`.slice(0, 60));
    return { overlaps, outside: [...new Set(outside)], pageWide: document.documentElement.scrollWidth > innerWidth };
  }, [panels, column] as const);
}

describe('no overlapping panels at 1366×768', () => {
  const ctx = twinAndBrowser(() => startTestTwin());

  it('the operator\'s console with an alarm popped up and a device open', async () => {
    const probe = await MqttProbe.connect(ctx.twin.mqttUrl);
    const page = await openTwinPage(ctx.browser, ctx.twin.httpUrl, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['operator'], { name: '值班员李明' }));
    await page.setViewportSize({ width: 1366, height: 768 });
    await probe.publish('twin/jinhe/dev/smk-a1-602/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await page.getByTestId('alarm-popup').waitFor();
    await page.evaluate(() => (window as unknown as { __twinView: { set(s: object): void } }).__twinView.set({ selectedDeviceId: 'gas-a1-301' }));
    await page.getByTestId('device-panel').locator('[data-testid="contacts"]').waitFor();
    const result = await clashes(page, ['.device-panel', '.alarm-popup', '.legend', '.overview', '.cutaway', '.sound-banner', '.app > header', '.live-side'], '.live-side');
    expect(result).toEqual({ overlaps: [], outside: [], pageWide: false });
    await page.close();
    await probe.close();
  }, 120_000);

  it('the trainer\'s console mid-drill', async () => {
    const drill = await createDrill(ctx.twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    await joinDrill(ctx.twin.httpUrl, drill.roomId, { role: 'grid_worker', name: '刘芳' });
    const page = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}?drill=${drill.roomId}&role=trainer`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['trainer'], { name: '王教官' }));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('players').filter({ hasText: '刘芳' }).waitFor();
    // The people are on the map by name and role; in the opening view the grid worker at the station is in sight.
    await page.getByTestId('avatar-label').filter({ hasText: '刘芳 · 网格员' }).waitFor();
    const result = await clashes(page, ['.briefing', '.legend', '.sound-banner', '.app > header', '.side'], '.side');
    expect(result).toEqual({ overlaps: [], outside: [], pageWide: false });
    await page.close();
  }, 120_000);
});
