// The planner's view in Chromium: the heat map of what nothing detects, the candidate places in the twin,
// adding one by hand and dragging one to another place, the optimiser placing a budget for each device
// type, the figures against today's sensors, and the district patch with the plan, which the twin loads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDistrictFiles } from '../../sim-server/districtFiles';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { startTestTwin } from '../helpers/twin';
import { sessionAs } from '../helpers/people';

describe('the planner in the browser', () => {
  const ctx = twinAndBrowser(() => startTestTwin());

  it('shows the heat and the candidates, adds and drags a detector, optimises a budget and exports a patch the twin loads', async () => {
    const page = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}?planner`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['planner']));
    await page.getByTestId('planner-stats').waitFor();
    await page.waitForFunction(() => window.__twin!.instances!()['planner-candidates'] === 55, null, { timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('3');
    const detectedBefore = await page.getByTestId('plan-detected').innerText();
    // The most vulnerable unwatched home is named, not an id, and Chinese first.
    expect(await page.getByTestId('plan-unwatched').locator('li').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('plan-unwatched').innerText()).not.toMatch(/hh-|leak:|riser:/);

    // The ground glows over Block 1's riser, which nothing watches.
    const b = ctx.twin.loaded.district.buildings.find((x) => x.id === 'b-a1')!;
    const riserHeat = () => page.evaluate(([x, y]) => window.__twin!.heatAt!(x!, y!), [b.x + b.width / 2, b.y]);
    await page.waitForFunction(() => (window.__twin!.heatSpots ?? 0) > 0, null, { timeout: 30_000 });
    expect(await riserHeat()).toBeGreaterThan(0.1);
    const spotsBefore = await page.evaluate(() => window.__twin!.heatSpots!);

    // By hand: the kitchen of 2-602 is watched now; the figures and the heat move at once.
    const impactBefore = Number(await page.getByTestId('plan-impact').innerText());
    await page.getByTestId('cand-kitchen:hh-a1-602').check();
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="plan-impact"]')!.textContent) < before, impactBefore, { timeout: 5000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('4');
    await page.waitForFunction((before) => window.__twin!.heatSpots! < before, spotsBefore, { timeout: 5000 });

    // Drag it in the twin onto Block 1's riser: the kitchen is given up, the riser watched, the riser's glow gone.
    const canvas = (await page.locator('canvas[data-engine]').boundingBox())!;
    const at = (id: string) => page.evaluate((i) => window.__twin!.candidateScreenOf!(i), id);
    await page.waitForFunction(() => window.__twin!.candidateScreenOf?.('riser:b-a1') != null, null, { timeout: 30_000 });
    const from = (await at('kitchen:hh-a1-602'))!, to = (await at('riser:b-a1'))!;
    await page.mouse.move(canvas.x + from.x, canvas.y + from.y);
    await page.getByTestId('planner-hover').filter({ hasText: /厨房/ }).waitFor({ timeout: 10_000 });
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(canvas.x + from.x + ((to.x - from.x) * k) / 10, canvas.y + from.y + ((to.y - from.y) * k) / 10);
    await page.mouse.up();
    await page.waitForFunction(() => (document.querySelector('[data-testid="cand-riser:b-a1"]') as HTMLInputElement).checked, null, { timeout: 5000 });
    expect(await page.getByTestId('cand-kitchen:hh-a1-602').isChecked()).toBe(false);
    expect(await page.getByTestId('plan-count').innerText()).toBe('4');
    await page.waitForFunction(([x, y]) => window.__twin!.heatAt!(x!, y!) === 0, [b.x + b.width / 2, b.y], { timeout: 5000 });

    // The optimiser with a budget of 7 (the 3 installed kept).
    await page.getByTestId('plan-budget').fill('7');
    await page.getByTestId('plan-optimise').click();
    await page.getByTestId('plan-quality').filter({ hasText: /整数规划精确求解 · 最优解/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('7');
    expect(await page.getByTestId('plan-detected').innerText()).not.toBe(detectedBefore);
    for (const id of ['kitchen:hh-a1-301', 'kitchen:hh-a2-502', 'kitchen:hh-b1-201']) expect(await page.getByTestId(`cand-${id}`).isChecked()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    const file = (await download.path())!;
    const patch = JSON.parse(readFileSync(file, 'utf8'));
    expect(patch.base).toBe('bundled');
    expect(patch.patch[0]).toEqual({ op: 'test', path: '/id', value: ctx.twin.loaded.district.id });
    // DISTRICT=<that patch> loads it: the twin's own loader takes it, with the planned detectors in it.
    const loaded = await loadDistrictFiles(file);
    const planned = loaded.district.devices.filter((x) => x.id.startsWith('gas-plan-'));
    expect(planned).toHaveLength(4);
    expect(planned.every((x) => x.type === 'gas' && x.buildingId && (x.room === 'kitchen' || x.room === 'gas riser shaft'))).toBe(true);
    expect(loaded.district.devices.length).toBe(ctx.twin.loaded.district.devices.length + 4);
  }, 240_000);

  it('plans smoke detectors and water-level gauges too, each with its own candidates, names and solver', async () => {
    const page = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}?planner&type=smoke`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['planner']));
    await page.getByTestId('planner-stats').waitFor({ timeout: 60_000 });
    const smoke = ctx.twin.loaded.district.households.length * 3 * 1; // at least a candidate per room
    await page.waitForFunction((n) => (window.__twin!.instances!()['planner-candidates'] ?? 0) > n, smoke, { timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe(String(ctx.twin.loaded.district.devices.filter((d) => d.type === 'smoke' && d.householdId).length));
    expect(await page.getByTestId('plan-unwatched').innerText()).toMatch(/起火/);
    await page.getByTestId('plan-type-water_level').click();
    // The three flood zones' low points and the manholes near them.
    await page.waitForFunction(() => window.__twin!.instances!()['planner-candidates'] === 6, null, { timeout: 60_000 });
    expect(page.url()).toMatch(/type=water_level/);
    await page.getByTestId('plan-budget').fill('4');
    await page.getByTestId('plan-optimise').click();
    await page.getByTestId('plan-quality').filter({ hasText: /最优解/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('4');
    expect(await page.locator('[data-testid^="cand-manhole:"]:checked').count()).toBe(1);
  }, 240_000);
});
