// Two people in two Chromium pages — a commander (a guest with the drill's join code) and a grid worker
// (logged in) — play the gas-leak drill to resolution by clicking; the after-action report names them, their
// actions and the times; the replay page scrubs through where they were.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, type RunningTwin } from '../../sim-server/app';
import type { DrillSession } from '../../sim-server/drill/drillSession';
import { launchChromium, newPage, openAsGuest, openTwinPage, withSession } from '../helpers/chromium';
import { sessionAs } from '../helpers/people';
import { createDrill, fastForward, joinDrill, type DrillClient } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';

describe('a drill in the browser', () => {
  let twin: RunningTwin;
  let browser: Browser;
  let drill: { drillId: string; roomId: string; code: string };
  let session: DrillSession;
  let trainer: DrillClient;
  let commander: Page, worker: Page;

  beforeAll(async () => {
    if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run "npm run build" (npm test does it)');
    twin = await startTestTwin();
    browser = await launchChromium();
    drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    session = twin.drills.get(drill.drillId)!;
    trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
  });
  afterAll(async () => { await browser?.close(); await twin?.stop(); });

  /** Clicks a button and waits for the server's answer to show. */
  async function click(page: Page, testId: string, answer: RegExp): Promise<string> {
    const before = await page.evaluate(() => document.querySelector('[data-testid="last-outcome"]')?.textContent ?? null);
    await page.getByTestId(testId).click();
    await page.waitForFunction(([b]) => { const el = document.querySelector('[data-testid="last-outcome"]'); return el && el.textContent !== b; }, [before], { timeout: 60_000 });
    const text = (await page.getByTestId('last-outcome').textContent())!;
    expect(text).toMatch(answer);
    return text;
  }

  it('a commander and a grid worker resolve the gas leak by clicking', async () => {
    commander = await openAsGuest(browser, `${twin.httpUrl}?drill=${drill.roomId}&role=commander`, drill.code, '张指挥');
    worker = await openTwinPage(browser, `${twin.httpUrl}?drill=${drill.roomId}&role=grid_worker`, 'zh-CN', 90_000, await sessionAs(twin.httpUrl, ['grid_worker'], { name: '刘芳', scope: { courtyardIds: ['cy-a', 'cy-b'] } }));
    await commander.getByTestId('act-acknowledge').waitFor();
    await worker.getByTestId('act-shut_valve').waitFor();
    expect(await commander.getByTestId('act-shut_valve').count()).toBe(0); // not a commander's action

    // At 1× the clicks cost the responders seconds, as they would; the waits are fast-forwarded.
    await trainer.ask('control', { cmd: 'start' });
    await commander.getByTestId('drill-status').filter({ hasText: '进行中' }).waitFor();

    await fastForward(session, 900, () => session.pipeline.core.openAlarms().length > 0);
    await commander.getByTestId('alarm-count').filter({ hasText: '1' }).waitFor();
    await click(commander, 'act-acknowledge', /^确认报警：已完成$/);
    await fastForward(session, 40);
    await click(commander, 'act-phone_resident', /^电话联系住户：纺织厂老院落 1栋 1-301 无人接听$/);

    await click(worker, 'act-shut_valve', /^你距事发地\d+米：请先前往15米以内$/); // refused: he is not there yet
    const metres = async () => Number(/(\d+) m/.exec((await worker.getByTestId('distance').textContent()) ?? '')?.[1]);
    expect(await metres()).toBeGreaterThan(100);
    await click(worker, 'go-incident', /^正在前往，约\d+秒$/);
    const workerId = [...session.players.values()].find((p) => p.name === '刘芳')!.id;
    await fastForward(session, 900, () => !session.avatars.moving(workerId));
    // The page draws him where the server put him.
    const server = session.avatars.position(workerId)!;
    await worker.waitForFunction(([id, x, y]) => { const p = window.__twin?.avatars?.positions()[id as string]; return p && Math.hypot(p[0] - (x as number), p[1] - (y as number)) < 1; }, [workerId, server.x, server.y], { timeout: 60_000 });

    await expect.poll(metres, { timeout: 60_000 }).toBeLessThan(30);
    // A reload (the browser drops the socket) comes back to the same seat, place and role.
    const players = session.players.size;
    await worker.reload();
    await worker.getByTestId('act-on_site').waitFor();
    await worker.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === '已连接');
    expect(session.players.size).toBe(players);
    expect(session.players.get(workerId)!.connected).toBe(true);
    expect(session.avatars.position(workerId)).toEqual(server);

    await click(worker, 'act-on_site', /^报告到场：/);
    await click(worker, 'act-shut_valve', /^关闭燃气阀：已完成$/);
    await click(worker, 'act-open_windows', /^开窗通风：已完成$/);
    await fastForward(session, 1800, () => session.status === 'debrief');
    expect(session.run.phase).toBe('resolved');
    await commander.getByTestId('drill-status').filter({ hasText: '复盘讲评' }).waitFor();
    await worker.getByTestId('objectives').filter({ hasText: '✔ 关闭燃气阀' }).waitFor();
  }, 180_000);

  it('the report shows their actions and times, and the replay scrubs through the drill', async () => {
    const report = await (await fetch(`${twin.httpUrl}api/drills/${drill.drillId}/report`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as any;
    expect(report.outcome).toBe('resolved');
    const commanderActions = report.roles.find((r: any) => r.name === '张指挥').actions.filter((a: any) => a.ok);
    expect(commanderActions.map((a: any) => a.action)).toEqual(['acknowledge', 'phone_resident']);
    expect(commanderActions[1].simS).toBeGreaterThan(commanderActions[0].simS);
    expect(report.roles.find((r: any) => r.name === '刘芳').actions.map((a: any) => `${a.action}:${a.ok}`)).toEqual(['shut_valve:false', 'on_site:true', 'shut_valve:true', 'open_windows:true']);

    const page = await newPage(browser);
    await withSession(page, twin.httpUrl, await sessionAs(twin.httpUrl, ['evaluator']));
    await page.goto(`${twin.httpUrl}api/drills/${drill.drillId}/report?format=html`);
    const text = await page.locator('body').innerText();
    const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    expect(text).toContain('张指挥 · Commander'); // a browser asking for English gets the English page
    expect(text).toContain('刘芳 · Grid worker');
    expect(text).toContain(`${mmss(commanderActions[0].simS)}\tAcknowledge`);
    expect(text).toContain('9 / 9');
    await page.close();

    const replay = await openTwinPage(browser, `${twin.httpUrl}?replay=${drill.drillId}`, 'zh-CN', 90_000, await sessionAs(twin.httpUrl, ['evaluator']));
    await replay.getByTestId('replay-scrubber').waitFor();
    const frame = report.replay.frames.find((f: any) => f.simS === commanderActions[1].simS);
    const workerId = report.replay.players.find((p: any) => p.name === '刘芳').id;
    const expected = frame.players.find((p: any) => p.id === workerId);
    await replay.getByTestId('replay-scrubber').fill(String(frame.simS));
    await replay.waitForFunction(([id, x, y]) => { const p = window.__twin?.avatars?.positions()[id as string]; return p && Math.hypot(p[0] - (x as number), p[1] - (y as number)) < 0.5; }, [workerId, expected.x, expected.y], { timeout: 60_000 });
    expect(await replay.evaluate(() => window.__twin!.avatars!.count)).toBe(2);
    expect(await replay.getByTestId('replay-timeline').innerText()).toContain('电话联系住户');
  }, 60_000);

  it('a trainer logged in starts a drill from the lobby; a grid worker logged in joins it from the list', async () => {
    const lobby = await newPage(browser, { locale: 'zh-CN' });
    await withSession(lobby, twin.httpUrl, await sessionAs(twin.httpUrl, ['trainer'], { name: '王教官' }));
    await lobby.goto(`${twin.httpUrl}?drills`);
    await lobby.getByTestId('scenario').selectOption('kitchen-fire-old-courtyard');
    await lobby.getByTestId('create-drill').click();
    await lobby.getByTestId('trainer-console').waitFor({ timeout: 90_000 });
    await lobby.getByTestId('ctl-start').waitFor();
    const created = (await (await fetch(`${twin.httpUrl}api/drills`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as { drillId: string; scenarioId: string; roomId: string }[]).find((d) => d.scenarioId === 'kitchen-fire-old-courtyard')!;
    // The console shows as the page joins; the seat is the server's a moment later on a busy machine.
    await until(() => twin.drills.get(created.drillId)?.players.size === 1, 30_000, 'the trainer seated');

    const joiner = await newPage(browser, { locale: 'zh-CN' });
    await withSession(joiner, twin.httpUrl, await sessionAs(twin.httpUrl, ['grid_worker'], { name: '陈军', scope: { courtyardIds: ['cy-c'] } }));
    await joiner.goto(`${twin.httpUrl}?drills`);
    // A grid worker does not run drills: no form to start one, only the list to join.
    await joiner.getByRole('row').filter({ hasText: '老旧院落厨房' }).waitFor();
    expect(await joiner.getByTestId('create-drill').count()).toBe(0);
    await joiner.locator('select').first().selectOption('grid_worker');
    await joiner.getByRole('row').filter({ hasText: '老旧院落厨房' }).getByRole('button', { name: '加入' }).click();
    await joiner.getByTestId('act-extinguish').waitFor({ timeout: 90_000 });
    const seated = () => [...twin.drills.get(created.drillId)!.players.values()].map((p) => `${p.role} ${p.name}`);
    await until(() => seated().length === 2, 30_000, 'the grid worker seated');
    expect(seated()).toEqual(['trainer 王教官', 'grid_worker 陈军']);
    await lobby.getByTestId('players').filter({ hasText: '陈军' }).waitFor();
    await lobby.close();
    await joiner.close();
  }, 240_000);
});
