// Drill rooms through a real server: the HTTP contract, a gas leak played by real colyseus.js clients
// (commander and grid worker) to resolution, drill traffic kept to its own topic root with CAP
// Exercise and away from live rooms and real people, and the after-action report.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { validateCap } from '../helpers/capSchema';
import { createDrill, fastForward, joinDrill, type DrillClient } from '../helpers/drillClient';
import { joinLive } from '../helpers/liveClient';
import { metricValue } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin, TRAINER_TOKEN } from '../helpers/twin';
import { addPerson, mqttLogin } from '../helpers/people';

let twin: RunningTwin;
let probe: MqttProbe;
let webhook: Server;
const webhookPosts: string[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { webhookPosts.push(b); res.end('ok'); }); });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  twin = await startTestTwin({ NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/notify`, MAX_DRILLS: '3' });
  // Reading the live tree and the drills' takes a login whose roles grant both: an administrator's.
  probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/#', 'drill/#'], mqttLogin(await addPerson(twin.httpUrl, ['admin'])));
});
afterAll(async () => { await probe?.close(); await twin?.stop(); webhook?.close(); });

const AS_TRAINER_HTTP = { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } };
const post = (path: string, body: unknown, token?: string) => fetch(`${twin.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

describe('POST /api/drills', () => {
  it.each([
    [{ scenarioId: 'gas-leak-elderly-kitchen' }, undefined, 401, /log in first/],
    [{ scenarioId: 'gas-leak-elderly-kitchen' }, OPERATOR_TOKEN, 403, /service operator may not create and run drills/],
    [{ scenarioId: 'no-such-scenario' }, TRAINER_TOKEN, 404, /no scenario "no-such-scenario"/],
    [{}, TRAINER_TOKEN, 400, /scenarioId/],
    [{ scenarioId: 'gas-leak-elderly-kitchen', seed: -1 }, TRAINER_TOKEN, 400, /seed/],
  ])('%o with %s → %i', async (body, token, status, error) => {
    const res = await post('api/drills', body, token);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
  });

  it('creates a drill room from a scenario; an unknown drill has no report', async () => {
    const res = await post('api/drills', { scenarioId: 'kitchen-fire-old-courtyard', seed: 4 }, TRAINER_TOKEN);
    expect(res.status).toBe(201);
    const { drillId, roomId } = await res.json() as { drillId: string; roomId: string };
    expect(drillId).toMatch(/^kitchen-fire-old-courtyard-[0-9a-f]{6}$/);
    const listed = await (await fetch(`${twin.httpUrl}api/drills`, AS_TRAINER_HTTP)).json() as { drillId: string; roomId: string; status: string }[];
    // When and by whom, so two drills of one scenario are told apart in the lobby.
    expect(listed).toContainEqual(expect.objectContaining({ drillId, roomId, status: 'lobby', trainer: 'service trainer', createdAt: expect.any(Number) }));
    expect((await fetch(`${twin.httpUrl}api/drills/nope-000000/report`, AS_TRAINER_HTTP)).status).toBe(404);
    // The trainer's seat is for a trainer: not a wrong token, not an operator, not a guest with the code.
    await expect(joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官', token: 'wrong' })).rejects.toThrow(/token is not valid/);
    await expect(joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官', token: OPERATOR_TOKEN })).rejects.toThrow(/trainer's seat is for a trainer/);
  });

  it('the drill\'s lifecycle: the trainer briefs, then starts; nobody acts during the briefing', async () => {
    const { roomId } = (await (await fetch(`${twin.httpUrl}api/drills`, AS_TRAINER_HTTP)).json() as { roomId: string; scenarioId: string }[]).find((d) => d.scenarioId === 'kitchen-fire-old-courtyard')!;
    const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    const commander = await joinDrill(twin.httpUrl, roomId, { role: 'commander', name: '张指挥' });
    expect(await commander.ask('control', { cmd: 'brief' })).toMatchObject({ type: 'error', message: 'only the trainer runs the drill' });
    expect(await trainer.ask('control', { cmd: 'brief' })).toMatchObject({ type: 'done', outcome: 'briefing', zh: '情况介绍' });
    await until(() => commander.state().status === 'briefing', 30_000, 'the briefing in the room');
    expect(await commander.ask('act', { action: 'call_119' })).toMatchObject({ type: 'error', message: 'the drill has not started yet' });
    expect(await trainer.ask('control', { cmd: 'brief' })).toMatchObject({ type: 'error', message: 'cannot brief a drill that is briefing (it takes: start, end, speed)' });
    expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done', outcome: 'running' });
    expect(await commander.ask('act', { action: 'call_119' })).toMatchObject({ type: 'done' });
    // Nothing happens for minutes at 1× before the first alarm: the trainer skips to it (a player may not).
    expect(await commander.ask('control', { cmd: 'skip' })).toMatchObject({ type: 'error', message: 'only the trainer runs the drill' });
    const session = twin.drills.get((await (await fetch(`${twin.httpUrl}api/drills`, AS_TRAINER_HTTP)).json() as { drillId: string; roomId: string }[]).find((d) => d.roomId === roomId)!.drillId)!;
    expect(session.run.firstAlarmS).toBeNull();
    expect(await trainer.ask('control', { cmd: 'skip' })).toMatchObject({ type: 'done', zh: expect.stringMatching(/^已快进到首次报警（演练时间 \d+分\d+秒）$/) });
    expect(session.run.firstAlarmS).not.toBeNull();
    expect(session.simS).toBe(session.run.firstAlarmS);
    expect(await trainer.ask('control', { cmd: 'skip' })).toMatchObject({ type: 'error', message: 'the first alarm has been raised already' });
    expect(await trainer.ask('control', { cmd: 'pause' })).toMatchObject({ type: 'done', outcome: 'paused' });
    await trainer.room.leave();
    await commander.room.leave();
  });
});

describe('a gas-leak drill played to resolution by a commander and a grid worker', () => {
  afterAll(async () => {
    // Held drills are limited (MAX_DRILLS=3 here: the kitchen fire, this one, and one more).
    expect((await post('api/drills', { scenarioId: 'flood-underpass' }, TRAINER_TOKEN)).status).toBe(201);
    const refused = await post('api/drills', { scenarioId: 'flood-underpass' }, TRAINER_TOKEN);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(/already holds 3 drills \(MAX_DRILLS\)/);
  });

  let drill: { drillId: string; roomId: string };
  let trainer: DrillClient, commander: DrillClient, worker: DrillClient;

  it('plays through the real alarm path on the drill root, and resolves', async () => {
    drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    const session = twin.drills.get(drill.drillId)!;
    const liveObserver = await joinLive(twin.httpUrl, { role: 'observer', name: 'screen', token: OPERATOR_TOKEN });
    trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
    commander = await joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: '张指挥' });
    worker = await joinDrill(twin.httpUrl, drill.roomId, { role: 'grid_worker', name: '刘芳' });
    expect((await worker.welcome).actions).toContain('shut_valve');

    expect(await commander.ask('act', { action: 'phone_resident' })).toMatchObject({ type: 'error', message: 'the drill has not started yet' });
    expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done' });
    expect(await trainer.ask('control', { cmd: 'speed', speed: 10 })).toMatchObject({ type: 'done', outcome: 'speed 10×' });
    expect(await trainer.ask('control', { cmd: 'speed', speed: 11 })).toMatchObject({ type: 'error' });

    // The hose gives way a minute in; the detector's readings go out over MQTT and come back as an alarm.
    await fastForward(session, 900, () => commander.state().alarms && Object.keys(commander.state().alarms).length > 0);
    const alarm = Object.values(commander.state().alarms as Record<string, { deviceId: string; exercise: boolean; state: string }>)[0]!;
    expect(alarm).toMatchObject({ deviceId: 'gas-a1-301', exercise: true, state: 'active_unacked' });

    expect(await commander.ask('act', { action: 'acknowledge' })).toMatchObject({ type: 'done' });
    // Dispatch planned a grid worker's task: the grid worker accepts it; a commander cannot, and it is not done before he is there.
    const task = session.pipeline.core.dispatch.tasksOf(session.pipeline.core.openAlarms()[0]!.id).find((t) => t.kind === 'grid_worker')!;
    expect(await commander.ask('task', { taskId: task.id, state: 'en_route' })).toMatchObject({ type: 'error', message: 'this task is for the grid worker, not the commander', zh: '该任务属于网格员，不是指挥员' });
    expect(await worker.ask('task', { taskId: task.id, state: 'en_route' })).toMatchObject({ type: 'done', outcome: 'task en route', zh: '任务出发' });
    expect(await worker.ask('task', { taskId: task.id, state: 'done' })).toMatchObject({ type: 'error' });
    expect(await worker.ask('act', { action: 'shut_valve' })).toMatchObject({ type: 'error', message: expect.stringMatching(/^you are \d+ m from the incident/) });
    await fastForward(session, 40); // the son's phone goes unanswered 30 s after the alarm
    expect(await commander.ask('act', { action: 'phone_resident' })).toMatchObject({ type: 'done', outcome: 'no answer from Textile Mill courtyard Block 1 1-301', zh: '纺织厂老院落 1栋 1-301 无人接听' });

    // The grid worker walks to Block 1 (server-planned route, rapier character controller).
    const block = twin.loaded.district.buildings.find((b) => b.id === 'b-a1')!;
    expect(await worker.ask('move', { x: block.x, y: block.y - block.depth / 2 - 2 })).toMatchObject({ type: 'done' });
    const workerId = (await worker.welcome).playerId!;
    await fastForward(session, 900, () => !session.avatars.moving(workerId));
    expect(session.distanceToIncident(workerId)).toBeLessThan(15);
    for (const action of ['on_site', 'shut_valve', 'open_windows']) expect(await worker.ask('act', { action })).toMatchObject({ type: 'done' });
    expect(session.pipeline.core.dispatch.get(task.id)!.state).toBe('on_site'); // reporting on site moved his task on
    expect(await worker.ask('task', { taskId: task.id, state: 'done' })).toMatchObject({ type: 'done', outcome: 'task done' });

    // Resolved: the drill moves on to its debrief, where nobody acts any more; the trainer closes it.
    await fastForward(session, 1800, () => session.status === 'debrief');
    expect(session.run.phase).toBe('resolved');
    await until(() => commander.state().status === 'debrief', 30_000, 'the room to show the debrief');
    expect(commander.state()).toMatchObject({ status: 'debrief', phase: 'resolved' });
    expect(await worker.ask('act', { action: 'open_windows' })).toMatchObject({ type: 'error', message: 'the drill has ended' });

    // Nothing of the drill on the live root or in the live room; its CAP says Exercise and validates.
    const drillRoot = `drill/${drill.drillId}/jinhe/`;
    expect(probe.messages.filter((m) => m.topic.startsWith('twin/') && m.topic.includes('/alarm/')).length).toBe(0);
    const caps = probe.messages.filter((m) => m.topic === `${drillRoot}cap`).map((m) => m.payload.toString());
    expect(caps.length).toBeGreaterThanOrEqual(2);
    for (const xml of caps) { expect(xml).toContain('<status>Exercise</status>'); expect(validateCap(xml).valid).toBe(true); }
    expect(probe.messages.some((m) => m.topic.startsWith(`${drillRoot}dev/gas-a1-301/telemetry`))).toBe(true);
    expect(liveObserver.room.state.alarms?.size ?? 0).toBe(0);
    expect(webhookPosts).toEqual([]);
    expect(metricValue(await session.drillMetrics.registry.metrics(), 'twin_notifications_total', { sink: 'webhook', channel: 'voice', outcome: 'refused_exercise' })).toBeGreaterThan(0);
    await liveObserver.leave();
  });

  it('the report shows each role\'s actions and times, the KPIs and the score (JSON and a printable page)', async () => {
    const report = await (await fetch(`${twin.httpUrl}api/drills/${drill.drillId}/report`, AS_TRAINER_HTTP)).json() as any;
    expect(report.outcome).toBe('resolved');
    expect(report.objectives.every((o: { met: boolean }) => o.met)).toBe(true);
    // The history keeps the drill's summary and score, as the review gives them.
    await twin.history.drills.scan();
    const [kept] = await twin.history.sql.query<{ outcome: string; score: unknown; objectives: unknown; scenario_id: string }>('select outcome, score, objectives, scenario_id from drill_summaries where drill_id = $1', [drill.drillId]);
    expect(kept).toEqual({ outcome: 'resolved', score: report.score, objectives: report.objectives, scenario_id: report.scenario.id });
    expect(report.score).toMatchObject({ earned: 9, possible: 9 });
    const byRole = Object.fromEntries(report.roles.map((r: any) => [r.role, r]));
    expect(byRole.commander.actions.filter((a: any) => a.ok).map((a: any) => a.action)).toEqual(['acknowledge', 'phone_resident']);
    expect(byRole.commander.actions[0]).toMatchObject({ action: 'phone_resident', ok: false });
    expect(byRole.grid_worker.actions.filter((a: any) => a.ok).map((a: any) => a.action)).toEqual(['task_en_route', 'on_site', 'shut_valve', 'open_windows', 'task_done']);
    const kpi = Object.fromEntries(report.kpis.map((k: any) => [k.id, k.seconds]));
    expect(kpi.dispatch).toBe(0); // assigned by the dispatch planner as the alarm is raised
    expect(kpi.arrive).toBeGreaterThan(60); // on site after the walk
    const ack = report.kpis.find((k: any) => k.id === 'acknowledge');
    expect(ack.seconds).toBeGreaterThanOrEqual(0);
    expect(ack.limitS).toBe(120);
    expect(report.onSiteTarget.met).toBe(true);
    expect(report.replay.frames.length).toBeGreaterThan(100);
    expect(report.replay.players.map((p: any) => p.role)).toEqual(['trainer', 'commander', 'grid_worker']);
    // Built from the journal: the same every time.
    expect(await (await fetch(`${twin.httpUrl}api/drills/${drill.drillId}/report`, AS_TRAINER_HTTP)).json()).toEqual(report);

    const page = await fetch(`${twin.httpUrl}api/drills/${drill.drillId}/report`, { headers: { accept: 'text/html', 'accept-language': 'en-GB,en', authorization: `Bearer ${TRAINER_TOKEN}` } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    for (const text of ['张指挥', '刘芳', 'shut_valve', '9 / 9', '<svg']) expect(html).toContain(text);
  });
});
