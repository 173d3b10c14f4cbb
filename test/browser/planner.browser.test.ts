// The planner's view in Chromium: the candidate detectors in the twin, adding one by hand, the optimiser
// placing a budget, the figures against today's detectors, and the district file with the plan, which
// the twin loads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, type RunningTwin } from '../../sim-server/app';
import { loadDistrictFiles } from '../../sim-server/districtFiles';
import { District } from '../../twin-assets/districtSchema';
import { launchChromium, openTwinPage } from '../helpers/chromium';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

describe('the planner in the browser', () => {
  let twin: RunningTwin;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run "npm run build" (npm test does it)');
    twin = await startTestTwin();
    browser = await launchChromium();
  });
  afterAll(async () => { await browser?.close(); await twin?.stop(); });

  it('shows the candidates, adds one by hand, optimises a budget and exports a district file the twin loads', async () => {
    const page = await openTwinPage(browser, `${twin.httpUrl}?planner&token=${OPERATOR_TOKEN}`);
    await page.getByTestId('planner-stats').waitFor();
    await page.waitForFunction(() => window.__twin!.instances!()['planner-candidates'] === 12, null, { timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('3');
    const detectedBefore = await page.getByTestId('plan-detected').innerText();
    // The most vulnerable unwatched home is named, not an id, and Chinese first.
    expect(await page.getByTestId('plan-unwatched').locator('li').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('plan-unwatched').innerText()).not.toMatch(/hh-|leak:/);

    // By hand: the riser of Block 1 is watched now, and the figures move at once.
    const impactBefore = Number(await page.getByTestId('plan-impact').innerText());
    await page.getByTestId('cand-riser:b-a1').check();
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="plan-impact"]')!.textContent) < before, impactBefore, { timeout: 5000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('4');

    // The optimiser with a budget of 7 (the 3 installed kept).
    await page.getByTestId('plan-budget').fill('7');
    await page.getByTestId('plan-optimise').click();
    await page.getByTestId('plan-quality').filter({ hasText: /HiGHS MILP \(optimal\)/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-count').innerText()).toBe('7');
    expect(await page.getByTestId('plan-detected').innerText()).not.toBe(detectedBefore);
    for (const id of ['kitchen:hh-a1-301', 'kitchen:hh-a2-502', 'kitchen:hh-b1-201']) expect(await page.getByTestId(`cand-${id}`).isChecked()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    const file = await download.path();
    const d = District.parse(JSON.parse(readFileSync(file!, 'utf8')));
    const planned = d.devices.filter((x) => x.id.startsWith('gas-plan-'));
    expect(planned).toHaveLength(4);
    expect(planned.every((x) => x.type === 'gas' && x.buildingId && (x.room === 'kitchen' || x.room === 'gas riser shaft'))).toBe(true);
    expect(d.devices.length).toBe(twin.loaded.district.devices.length + 4);
    // DISTRICT=<that file> loads it: the twin's own loader takes it, with the planned detectors in it.
    const loaded = await loadDistrictFiles(file!);
    expect(loaded.district.devices.filter((x) => x.id.startsWith('gas-plan-'))).toHaveLength(4);
  }, 240_000);
});
