// The scenario editor in Chromium, as a trainer uses it: a blank draft (its error shown), a gas leak placed
// by clicking a building in the twin and a named home, a parameter out of range (its error on the field,
// then gone), injects (a branch among them) and objectives added, an inject dragged on the timeline, a headless try, a save
// and a drill started from the saved scenario.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { twinAndBrowser } from '../helpers/browserSuite';
import { openTwinPage } from '../helpers/chromium';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';

const AS_TRAINER_HTTP = { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } };
import { sessionAs } from '../helpers/people';

/** Fills the editor's inject form and adds the inject. */
async function addInject(page: Page, i: { timing: string; seconds: number; zh: string; en: string; action?: string; to?: string }) {
  await page.getByTestId('inject-timing').selectOption(i.timing);
  if (i.action) await page.getByTestId('inject-action').selectOption(i.action);
  await page.getByTestId('inject-seconds').fill(String(i.seconds));
  if (i.to) await page.getByTestId('inject-to').selectOption(i.to);
  await page.getByTestId('inject-zh').fill(i.zh);
  await page.getByTestId('inject-en').fill(i.en);
  await page.getByTestId('inject-add').click();
}

describe('the scenario editor in the browser', () => {
  const ctx = twinAndBrowser(() => startTestTwin());

  it('builds a scenario by clicking, checks it as it goes, tries it, saves it and starts a drill from it', async () => {
    const page = await openTwinPage(ctx.browser, `${ctx.twin.httpUrl}editor`, 'zh-CN', 90_000, await sessionAs(ctx.twin.httpUrl, ['trainer']));
    // A blank draft has no hazard yet: the check says so.
    await page.getByTestId('editor-error').filter({ hasText: /^.*hazards/ }).first().waitFor({ timeout: 30_000 });

    // Click Block 1 in the twin, then flat 1-301 (王秀兰's; a trainer sees flats, not residents' names): a gas leak
    // there, and the draft is valid.
    await page.getByTestId('place-gas_room').click();
    const b = ctx.twin.loaded.district.buildings.find((x) => x.id === 'b-a1')!;
    const canvas = (await page.locator('canvas[data-engine]').boundingBox())!;
    const roof = await page.evaluate(([x, y, z]) => window.__twin!.screenOfPoint!(x!, y!, z!), [b.x, b.y, b.floors * b.floorHeight]);
    await page.mouse.click(canvas.x + roof.x, canvas.y + roof.y);
    await page.getByTestId('home-hh-a1-301').filter({ hasText: /1-301/ }).click();
    await page.getByTestId('editor-valid').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('editor-error').count()).toBe(0);
    expect(await page.getByTestId('editor-yaml').inputValue()).toMatch(/deviceIds: \[ gas-a1-301 \]/);

    // A leak of 500 m³/h is beyond the format's 100: the error shows on the field, and goes when put right.
    await page.getByTestId('param-0-leakM3PerH').fill('500');
    await page.getByTestId('field-error').filter({ hasText: '应不大于 100' }).waitFor({ timeout: 30_000 }); // in Chinese, on the field
    await page.getByTestId('param-0-leakM3PerH').fill('0.6');
    await page.getByTestId('editor-valid').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('field-error').count()).toBe(0);

    // An inject after the alarm, a message at 2 minutes, and an objective.
    await addInject(page, { timing: 'alarm_raised', seconds: 30, zh: '邻居闻到燃气味，打电话给网格员。', en: 'A neighbour smells gas and phones the grid worker.' });
    await page.getByTestId('msel-inject-inject-1').waitFor({ timeout: 10_000 });
    await addInject(page, { timing: 'at', seconds: 120, zh: '天色已晚。', en: 'It is getting dark.' });
    // A branch: if the valve is not shut within 10 minutes of the alarm, the commander hears of it.
    await addInject(page, { timing: 'not_done', action: 'shut_valve', seconds: 600, to: 'commander', zh: '燃气阀仍未关闭！', en: 'The gas valve is still open!' });
    await page.getByTestId('msel-inject-inject-3').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('editor-yaml').inputValue()).toMatch(/when: \{ action: shut_valve, done: false, byS: 600 \}/);
    await page.getByTestId('objective-action').selectOption('shut_valve');
    await page.getByTestId('objective-within').fill('900');
    await page.getByTestId('objective-add').click();
    // (Without fresh air the gas would take hours to clear: trying the draft shows that as a failed drill.)
    await page.getByTestId('objective-action').selectOption('open_windows');
    await page.getByTestId('objective-add').click();
    await page.getByTestId('editor-reach').filter({ hasText: /关闭燃气阀: 最短路径 报警 → 关闭燃气阀/ }).waitFor({ timeout: 30_000 });
    // Each objective's capability and critical task: the valve's own is "control the source"; the author names ignition control instead.
    expect(await page.getByTestId('objective-task-0').inputValue()).toBe('initial_response.control_source');
    await page.getByTestId('objective-task-0').selectOption('site_security.ignition');
    await page.waitForFunction(() => (document.querySelector('[data-testid="editor-yaml"]') as HTMLTextAreaElement).value.includes('task: site_security.ignition'), null, { timeout: 10_000 });

    // Drag the 2-minute message later on the timeline: the file says so, and nothing else moved.
    const marker = page.getByTestId('msel-inject-inject-2');
    await marker.waitFor();
    const box = (await marker.locator('circle').boundingBox())!;
    const before = await page.getByTestId('editor-yaml').inputValue();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(box.x + box.width / 2 + k * 15, box.y + box.height / 2);
    await page.mouse.up();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="msel-inject-inject-2"]')!.getAttribute('data-seconds')) > 120, null, { timeout: 10_000 });
    const after = await page.getByTestId('editor-yaml').inputValue();
    const moved = Number(await marker.getAttribute('data-seconds'));
    expect(after.split('\n').filter((l, i) => l !== before.split('\n')[i])).toEqual([expect.stringContaining(`atS: ${moved}`)]);

    await page.getByTestId('editor-id').fill('e2e-gas-leak');
    await page.getByTestId('editor-valid').waitFor({ timeout: 30_000 });

    // Try it: headless on the server, resolved by the scripted responders; step to the end.
    await page.getByTestId('editor-try').click();
    await page.getByTestId('editor-outcome').filter({ hasText: '已处置' }).waitFor({ timeout: 90_000 });
    await page.getByTestId('editor-scrubber').fill(String(await page.getByTestId('editor-scrubber').getAttribute('max')));
    expect(await page.getByTestId('editor-tried-timeline').locator('li').count()).toBeGreaterThan(2);

    // Save, and start a drill from it.
    await page.getByTestId('editor-save').click();
    await page.getByTestId('editor-message').filter({ hasText: '已保存，版本 1' }).waitFor({ timeout: 30_000 });
    const saved = await (await fetch(`${ctx.twin.httpUrl}api/scenarios/e2e-gas-leak`, AS_TRAINER_HTTP)).json() as { version: number; yaml: string };
    expect(saved.version).toBe(1);
    expect(saved.yaml).toMatch(/^# 新演练脚本/);
    await page.getByTestId('editor-start').click();
    await page.getByTestId('editor-message').filter({ hasText: /演练已创建： ?e2e-gas-leak-/ }).waitFor({ timeout: 30_000 });
    const drills = await (await fetch(`${ctx.twin.httpUrl}api/drills`, AS_TRAINER_HTTP)).json() as { scenarioId: string }[];
    expect(drills.some((d) => d.scenarioId === 'e2e-gas-leak')).toBe(true);
  }, 300_000);
});
