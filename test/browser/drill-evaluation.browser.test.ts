// A drill evaluated as exercise programmes do (HSEEP), in three Chromium pages: a trainer runs it, a commander (a
// guest) plays it, an evaluator logged in rates its critical tasks with the proposed rating in front of them, and the
// commander's page never shows the evaluator. The AAR/IP downloads as a .docx (opened and read here) and as a PDF; the
// evaluator's corrective action shows on the team's page and in the briefing of the next drill of the scenario, where
// a P rating of the same task proposes closing it.
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { newPage, openAsGuest, openTwinPage, withSession } from '../helpers/chromium';
import { twinAndBrowser } from '../helpers/browserSuite';
import { createDrill, fastForward } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { addPerson, type TestPerson } from '../helpers/people';
import { startTestTwin } from '../helpers/twin';

const TEAM = '青云社区应急分队';
const SCENARIO = 'gas-leak-elderly-kitchen';

describe('an evaluated drill in the browser', () => {
  const ctx = twinAndBrowser(() => startTestTwin());
  let trainerPerson: TestPerson, evaluator: TestPerson;
  let first: { drillId: string; roomId: string; code: string };

  /** The trainer's, the commander's and the evaluator's pages on a drill; the commander waits in the lobby. */
  async function seat(drill: { roomId: string; code: string }, browser: Browser) {
    const url = `${ctx.twin.httpUrl}?drill=${drill.roomId}`;
    const trainer = await openTwinPage(browser, `${url}&role=trainer`, 'zh-CN', 90_000, trainerPerson.cookie);
    const player = await openAsGuest(browser, `${url}&role=commander`, drill.code, '张指挥');
    const judge = await openTwinPage(browser, `${url}&role=evaluator`, 'zh-CN', 90_000, evaluator.cookie);
    await judge.getByTestId('evaluator-panel').waitFor();
    await trainer.getByTestId('ctl-start').waitFor();
    return { trainer, player, judge };
  }

  async function answered(page: Page, action: () => Promise<void>, answer: RegExp) {
    const before = await page.evaluate(() => document.querySelector('[data-testid="last-outcome"]')?.textContent ?? null);
    await action();
    await page.waitForFunction(([b]) => { const el = document.querySelector('[data-testid="last-outcome"]'); return el && el.textContent !== b; }, [before], { timeout: 60_000 });
    expect(await page.getByTestId('last-outcome').textContent()).toMatch(answer);
  }

  it('the evaluator rates with the proposal shown; the player never sees the evaluator', async () => {
    trainerPerson = await addPerson(ctx.twin.httpUrl, ['trainer'], { name: '王教官' });
    evaluator = await addPerson(ctx.twin.httpUrl, ['evaluator'], { name: '李评估' });
    first = await createDrill(ctx.twin.httpUrl, SCENARIO, 1, TEAM);
    const session = ctx.twin.drills.get(first.drillId)!;
    const { trainer, player, judge } = await seat(first, ctx.browser);
    const confirm = judge.getByTestId('rate-warning.confirm');
    await confirm.getByTestId('proposed').filter({ hasText: 'U' }).waitFor(); // nothing done yet

    await trainer.getByTestId('ctl-start').click();
    await player.getByTestId('drill-status').filter({ hasText: '进行中' }).waitFor();
    await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
    await player.getByTestId('act-acknowledge').click();
    // Acknowledged within its limit: the proposal turns P, with the evidence.
    await confirm.getByTestId('proposed').filter({ hasText: 'P' }).waitFor({ timeout: 60_000 });
    expect(await confirm.innerText()).toMatch(/确认报警：首次报警后\d+秒完成（时限120秒）/);
    // The evaluator decides otherwise, with a note.
    await confirm.getByTestId('rating-S').check();
    await confirm.getByTestId('note').fill('确认及时，但未向住户核实现场情况');
    await answered(judge, () => confirm.getByTestId('rate').click(), /^核实并确认警情：评为S$/);
    await confirm.getByTestId('given').filter({ hasText: 'S' }).waitFor();

    // The commander's page: no evaluator among the people drawn, named or listed.
    expect(await player.locator('body').innerText()).not.toContain('李评估');
    expect(await player.evaluate(() => window.__twin!.avatars!.count)).toBe(1);
    expect([...session.players.values()].map((p) => p.role).sort()).toEqual(['commander', 'trainer']);

    await trainer.getByTestId('ctl-end').click();
    await trainer.getByTestId('ctl-end-confirm').click(); // "end the drill?", asked in place
    await judge.getByTestId('corrective-form').waitFor({ timeout: 60_000 });
    await player.close(); await trainer.close();

    // A corrective action for the task, owned by a person, due by a date.
    const form = judge.getByTestId('corrective-form');
    await form.getByTestId('ca-task').selectOption('warning.confirm');
    await form.getByTestId('ca-text').fill('值班员警情核实流程培训');
    await form.getByTestId('ca-owner').selectOption({ label: '李评估' });
    await form.getByTestId('ca-due').fill('2027-01-31');
    await form.getByTestId('ca-add').click();
    await form.getByTestId('ca-said').filter({ hasText: '值班员警情核实流程培训' }).waitFor();

    // The AAR/IP as a Word file, opened and read, and as a PDF.
    const download = async (format: string) => {
      const [file] = await Promise.all([judge.waitForEvent('download', { timeout: 120_000 }), judge.getByTestId(`aar-${format}`).click()]);
      expect(file.suggestedFilename()).toBe(`AAR-${first.drillId}.${format}`);
      return readFileSync((await file.path())!);
    };
    const docx = await download('docx');
    const text = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!).replace(/<[^>]+>/g, ' ');
    for (const words of ['演练评估报告与整改计划', TEAM, '核实并确认警情', '确认及时，但未向住户核实现场情况', '值班员警情核实流程培训', '李评估', '2027-01-31']) expect(text).toContain(words);
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await judge.close();
  }, 360_000);

  it('the team\'s page charts its ratings and lists the action; the next drill\'s briefing names it; a P proposes closing it', async () => {
    const team = await newPage(ctx.browser, { locale: 'zh-CN' });
    await withSession(team, ctx.twin.httpUrl, trainerPerson.cookie);
    await team.goto(`${ctx.twin.httpUrl}?team=${encodeURIComponent(TEAM)}`);
    await team.getByTestId('action-open').filter({ hasText: '值班员警情核实流程培训' }).waitFor();
    await team.waitForFunction(() => document.querySelector('[data-testid="team-ratings-chart"]')?.getAttribute('data-points') === '1');
    expect(await team.getByTestId('team-drills').innerText()).toContain('S');
    expect(await team.getByTestId('close-proposed').count()).toBe(0);

    const second = await createDrill(ctx.twin.httpUrl, SCENARIO, 2, TEAM);
    const session = ctx.twin.drills.get(second.drillId)!;
    const { trainer, player, judge } = await seat(second, ctx.browser);
    await trainer.getByTestId('ctl-brief').click();
    await player.getByTestId('retest').filter({ hasText: '值班员警情核实流程培训' }).waitFor();
    expect(await player.getByTestId('retest').innerText()).toContain('李评估');
    await trainer.getByTestId('ctl-start').click();
    await until(() => session.status === 'running', 30_000, 'the second drill running');
    const confirm = judge.getByTestId('rate-warning.confirm');
    await confirm.getByTestId('rating-P').check();
    await answered(judge, () => confirm.getByTestId('rate').click(), /评为P$/);
    await trainer.getByTestId('ctl-end').click();
    await trainer.getByTestId('ctl-end-confirm').click(); // "end the drill?", asked in place
    await until(() => session.incident.over, 30_000, 'the second drill over');

    await team.reload();
    await team.getByTestId('close-proposed').waitFor({ timeout: 60_000 });
    await team.waitForFunction(() => document.querySelector('[data-testid="team-ratings-chart"]')?.getAttribute('data-points') === '2');
    await team.getByTestId('mark-done').click();
    await team.getByTestId('action-done').waitFor();
    for (const p of [trainer, player, judge, team]) await p.close();
  }, 360_000);
});
