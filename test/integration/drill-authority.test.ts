// The server decides everything in a drill: clients ask, and a refused ask gets a reason while the
// connection stays. And a client cut off for a moment comes back to the same seat and place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import type { DrillSession } from '../../sim-server/drill/drillSession';
import { createDrill, fastForward, joinDrill, wrap, type DrillClient } from '../helpers/drillClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

let twin: RunningTwin;
let drill: { drillId: string; roomId: string };
let session: DrillSession;
let trainer: DrillClient, medic: DrillClient, observer: DrillClient;

beforeAll(async () => {
  twin = await startTestTwin();
  drill = await createDrill(twin.httpUrl, 'worker-falls-from-scaffolding', 3);
  session = twin.drills.get(drill.drillId)!;
  trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
  medic = await joinDrill(twin.httpUrl, drill.roomId, { role: 'medic', name: '李医生' });
  observer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'observer', name: '观察员' });
  await trainer.ask('control', { cmd: 'start' });
});
afterAll(async () => { await twin?.stop(); });

describe('authority: the server checks every message', () => {
  it.each([
    ['observer', 'act', { action: 'first_aid' }, /an observer cannot first aid/],
    ['medic', 'act', { action: 'shut_valve' }, /a medic cannot shut valve/],
    ['medic', 'act', { action: 'first_aid' }, /nothing has happened yet|from the incident/],
    ['medic', 'act', { action: 'use_aed' }, /nothing has happened yet|from the incident|need the AED/],
    ['medic', 'act', { action: 'launch_rocket' }, /unknown action "launch_rocket"/],
    ['medic', 'act', { action: 'report_hazard', text: '   ' }, /needs 1–200 characters/],
    ['medic', 'control', { cmd: 'pause' }, /only the trainer/],
    ['medic', 'inject', { kind: 'device_fails', deviceId: 'brc-d-worker' }, /only the trainer/],
    ['medic', 'move', { x: 99999, y: 0 }, /outside the district/],
    ['medic', 'move', { x: '1', y: 0 }, /move needs/],
    ['observer', 'move', { x: 0, y: 0 }, /no place in the twin/],
    ['trainer', 'control', { cmd: 'start' }, /cannot start a drill that is running/],
    ['trainer', 'inject', { id: 'no-such-inject' }, /no inject "no-such-inject"/],
    ['trainer', 'say', { to: 'pilots', text: 'hi' }, /say needs/],
  ] as const)('%s sends %s %o → refused', async (who, type, message, reason) => {
    const client = { medic, observer, trainer }[who];
    const answer = await client.ask(type, message as Record<string, unknown>);
    expect(answer).toMatchObject({ type: 'error', message: expect.stringMatching(reason) });
  });

  it('a client cannot place itself: a made-up message is refused and the server position stands', async () => {
    const before = session.avatars.position((await medic.welcome).playerId!)!;
    expect(await medic.ask('setPosition', { x: 112, y: -64 })).toMatchObject({ type: 'error', code: 'unknown_message' });
    expect(await medic.ask('act', 'not an object' as unknown as Record<string, unknown>)).toMatchObject({ type: 'error', code: 'bad_message' });
    await fastForward(session, 5);
    expect(session.avatars.position((await medic.welcome).playerId!)).toEqual(before);
    // Still connected, still heard: the refusals were counted, not punished.
    expect(await medic.ask('act', { action: 'call_120' })).toMatchObject({ type: 'done' });
    const metrics = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(metrics, 'twin_room_actions_refused_total', { reason: 'refused' })).toBeGreaterThanOrEqual(10);
    expect(metricValue(metrics, 'twin_room_actions_refused_total', { reason: 'unknown_message' })).toBeGreaterThanOrEqual(1);
  });

  it('the trainer fires a scenario inject early; it happens once, not again at its time', async () => {
    expect(await trainer.ask('inject', { id: 'second-casualty' })).toMatchObject({ type: 'done', outcome: 'A co-worker rushing down twists an ankle.' });
    expect(await trainer.ask('inject', { id: 'second-casualty' })).toMatchObject({ type: 'error', message: '"second-casualty" has happened already' });
    // Past the inject's own time (240 s after the alarm): it does not happen a second time.
    await fastForward(session, 900, () => session.run.firstAlarmS !== null && session.simS > session.run.firstAlarmS + 260);
    expect(session.run.timeline.filter((e) => e.text === 'A co-worker rushing down twists an ankle.')).toHaveLength(1);
  });

  it('the medic drives to the site; first aid there is accepted; the trainer sees every role and pauses the world', async () => {
    const id = (await medic.welcome).playerId!;
    const site = twin.loaded.district.devices.find((d) => d.id === 'brc-d-worker')!.position;
    await fastForward(session, 300, () => session.run.phase !== 'dormant');
    expect(await medic.ask('move', { x: site.x, y: site.y })).toMatchObject({ type: 'done', outcome: expect.stringMatching(/^on the way, about \d+ s$/) });
    await fastForward(session, 600, () => !session.avatars.moving(id));
    expect(await medic.ask('act', { action: 'first_aid' })).toMatchObject({ type: 'done' });
    await until(() => trainer.state().players[id]?.lastAction.startsWith('first_aid: '), 3000, 'the trainer to see the medic\'s action');
    expect(trainer.state().players[id]).toMatchObject({ role: 'medic', name: '李医生', connected: true });

    // The AED: fetched from the capsule station's cabinet, then used at the casualty.
    expect(await medic.ask('act', { action: 'use_aed' })).toMatchObject({ type: 'error', message: 'you need the AED: fetch it from a capsule station first' });
    const capsule = twin.loaded.district.capsuleStations.find((c) => c.aed)!;
    await medic.ask('move', { x: capsule.x, y: capsule.y - 3 });
    await fastForward(session, 600, () => !session.avatars.moving(id));
    expect(await medic.ask('act', { action: 'fetch_aed' })).toMatchObject({ type: 'done' });
    await until(() => trainer.state().players[id]?.carriesAed === true, 3000, 'the AED to show on the medic');
    await medic.ask('move', { x: site.x, y: site.y });
    await fastForward(session, 600, () => !session.avatars.moving(id));
    expect(await medic.ask('act', { action: 'use_aed' })).toMatchObject({ type: 'done' });
    expect(await medic.ask('act', { action: 'report_hazard', text: '脚手架连墙件缺失 / scaffold ties missing' })).toMatchObject({ type: 'done', outcome: 'reported: 脚手架连墙件缺失 / scaffold ties missing' });
    expect(session.run.timeline.some((e) => e.text === '李医生 (medic): report_hazard')).toBe(true);

    expect(await trainer.ask('control', { cmd: 'pause' })).toMatchObject({ type: 'done', outcome: 'paused' });
    const t = session.simS;
    session.advance(10_000);
    expect(session.simS).toBe(t);
    expect(await medic.ask('act', { action: 'cordon' })).toMatchObject({ type: 'error', message: 'the drill is paused' });
    expect(await trainer.ask('control', { cmd: 'resume' })).toMatchObject({ type: 'done', outcome: 'running' });
  });

  it('a trainer\'s message reaches the role it is for, and the trainer', async () => {
    expect(await trainer.ask('say', { to: 'medic', text: '注意：伤员颈椎可能受伤' })).toMatchObject({ type: 'done' });
    await until(() => medic.notices.some((n) => n.text === '注意：伤员颈椎可能受伤'), 3000, 'the notice');
    expect(observer.notices.some((n) => n.text.includes('颈椎'))).toBe(false);
  });
});

describe('reconnection', () => {
  it('a client whose socket is cut comes back within 30 s to the same seat and the same place', async () => {
    const id = (await medic.welcome).playerId!;
    const place = session.avatars.position(id)!;
    const token = medic.room.reconnectionToken;
    // Cut the socket under the client, as a dropped mobile connection would (no leave message).
    (medic.room.connection.transport as unknown as { ws: { close(code?: number): void } }).ws.close(4500);
    await until(() => session.players.get(id)?.connected === false, 30_000, 'the server to see the drop');
    await until(() => trainer.state().players[id].connected === false, 3000, 'the trainer to see the drop');

    const room = await medic.client.reconnect(token);
    const back = wrap(room, medic.client);
    await until(() => session.players.get(id)?.connected === true, 30_000, 'the seat to be taken again');
    expect(session.avatars.position(id)).toEqual(place);
    expect(await back.ask('act', { action: 'cordon' })).toMatchObject({ type: 'error', message: expect.stringMatching(/a medic cannot cordon/) });
    expect(await back.ask('act', { action: 'first_aid' })).toMatchObject({ type: 'done' }); // still the medic, still at the site
    medic = back;
  });

  it('a trainer who reloads the page joins again and gets the console back: the clock, every role, the injects', async () => {
    await trainer.room.leave();
    const again = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
    await until(() => again.state().status === 'running', 3000, 'the console state');
    const s = again.state();
    expect(Object.values(s.players).map((p: any) => p.role)).toEqual(expect.arrayContaining(['trainer', 'medic', 'observer']));
    expect(JSON.parse(s.injects).map((i: { id: string }) => i.id)).toEqual(['second-casualty']);
    expect(await again.ask('control', { cmd: 'speed', speed: 5 })).toMatchObject({ type: 'done' });
    // The same trainer, not a second one.
    expect([...session.players.values()].filter((p) => p.role === 'trainer')).toHaveLength(1);
  });
});
