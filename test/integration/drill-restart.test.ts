// A running drill against a real crash: the server is killed with SIGKILL mid-drill and started again
// on the same DATA_DIR. The drill is brought back from its kernel snapshot (written each simulated minute)
// and the inputs journalled after it, paused at the simulated second it had reached, and its players rejoin
// with their roles, places and what they had done.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DrillRecord } from '../../sim-server/drill/drillLog';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { metricValue } from '../helpers/metrics';
import { OPERATOR_TOKEN, TRAINER_TOKEN } from '../helpers/twin';
import { addPerson } from '../helpers/people';

interface Listed { drillId: string; roomId: string | null; status: string; simS: number; players: number }

describe('a drill survives SIGKILL and a restart', () => {
  const servers: ServerProcess[] = [];
  // Killing the servers closes their clients' sockets; a leave would wait on a dead server.
  afterAll(() => { for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL'); });

  it('is listed, resumes paused at the same simulated time, and its players rejoin with their roles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drill-restart-'));
    const [port, mqttPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), MQTT_PORT: String(mqttPort), EMULATORS: 'off', DATA_DIR: join(dir, 'data'), TRAINER_TOKEN, OPERATOR_TOKEN };
    const first = await startServerProcess(env, 90_000);
    servers.push(first);
    const http = `http://127.0.0.1:${port}/`;

    const drill = await createDrill(http, 'gas-leak-elderly-kitchen', 5);
    const trainer = await joinDrill(http, drill.roomId, { role: 'trainer', name: '王教官' });
    const commander = await joinDrill(http, drill.roomId, { role: 'commander', name: '张指挥' });
    const worker = await joinDrill(http, drill.roomId, { role: 'grid_worker', name: '刘芳' });
    const workerId = (await worker.welcome).playerId!;
    expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done' });
    expect(await trainer.ask('control', { cmd: 'speed', speed: 10 })).toMatchObject({ type: 'done' });
    expect(await worker.ask('move', { x: 0, y: 0 })).toMatchObject({ type: 'done' });
    expect(await commander.ask('act', { action: 'phone_resident' })).toMatchObject({ type: 'done' });
    // An evaluator's rating is journalled beside the inputs (not one of them): it comes back with the drill.
    const evaluator = await addPerson(http, ['evaluator'], { name: '李评估' });
    const judge = await joinDrill(http, drill.roomId, { role: 'evaluator', name: 'x', token: evaluator.token });
    expect(await judge.ask('rate', { task: 'communications.reach_family', rating: 'P', note: '及时' })).toMatchObject({ type: 'done' });
    await until(() => commander.state().simS >= 70, 90_000, 'seventy simulated seconds (a snapshot at sixty)');
    expect(await worker.ask('move', { x: 10, y: 0 })).toMatchObject({ type: 'done' }); // an input after the snapshot
    const journalFile = join(dir, 'data', 'drills', `${drill.drillId}.jsonl`);
    await until(() => readFileSync(journalFile, 'utf8').includes('"kind":"move","playerId":"' + workerId + '","x":10'), 30_000, 'the move in the journal');

    first.child.kill('SIGKILL');
    expect(await first.signal).toBe('SIGKILL');
    const journal = readFileSync(journalFile, 'utf8').split('\n').flatMap((l) => { try { return [JSON.parse(l) as DrillRecord]; } catch { return []; } });
    const lastFrame = journal.filter((r): r is Extract<DrillRecord, { t: 'frame' }> => r.t === 'frame').at(-1)!;
    expect(lastFrame.simS).toBeGreaterThanOrEqual(70);
    expect(existsSync(join(dir, 'data', 'drills', `${drill.drillId}.snapshot`))).toBe(true);

    const second = await startServerProcess(env, 90_000);
    servers.push(second);
    expect(second.out.stdout).toMatch(new RegExp(`drill ${drill.drillId} resumed from its snapshot at 6\\d s and [1-9]\\d* inputs after it, at ${lastFrame.simS} s, paused`));
    const scraped = await (await fetch(`${http}metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text();
    expect(metricValue(scraped, 'twin_drill_resumes_total', { how: 'snapshot' })).toBe(1);
    const listed = (await (await fetch(`${http}api/drills`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as Listed[]).find((d) => d.drillId === drill.drillId)!;
    expect(listed).toMatchObject({ status: 'paused', simS: lastFrame.simS, players: 3 });
    expect(listed.roomId).toBeTruthy();

    // The same people come back to the same seats: same player ids, the worker where the journal last saw her.
    const trainer2 = await joinDrill(http, listed.roomId!, { role: 'trainer', name: '王教官' });
    const worker2 = await joinDrill(http, listed.roomId!, { role: 'grid_worker', name: '刘芳' });
    const commander2 = await joinDrill(http, listed.roomId!, { role: 'commander', name: '张指挥' });
    expect((await worker2.welcome).playerId).toBe(workerId);
    const seen = lastFrame.players.find((p) => p.id === workerId)!;
    await until(() => worker2.me() !== undefined, 30_000, 'the worker in the state');
    expect(Math.abs(worker2.me()!.x - seen.x)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(worker2.me()!.y - seen.y)).toBeLessThanOrEqual(0.1);
    expect(trainer2.state()).toMatchObject({ status: 'paused', simS: lastFrame.simS });
    expect(Object.keys(trainer2.state().players)).toHaveLength(3);
    // What was done before the crash still counts: the call is not needed twice to meet its objective.
    expect(JSON.parse(trainer2.state().objectives || '{"objectives":[]}').objectives.find((o: { action: string }) => o.action === 'phone_resident').doneAtS).not.toBeNull();

    const judge2 = await joinDrill(http, listed.roomId!, { role: 'evaluator', name: 'x', token: evaluator.token });
    await until(() => judge2.evaluations.length > 0, 30_000, 'the evaluator\'s picture after the restart');
    expect(judge2.evaluations.at(-1)!.ratings).toEqual([expect.objectContaining({ task: 'communications.reach_family', rating: 'P', note: '及时', by: '李评估' })]);
    expect(Object.keys(trainer2.state().players)).toHaveLength(3); // still no figure for the evaluator
    expect(await commander2.ask('act', { action: 'phone_resident' })).toMatchObject({ type: 'error', message: 'the drill is paused' });
    expect(await trainer2.ask('control', { cmd: 'resume' })).toMatchObject({ type: 'done' });
    await until(() => trainer2.state().simS > lastFrame.simS, 60_000, 'time to run on after the resume');
    expect(await commander2.ask('act', { action: 'phone_resident' })).toMatchObject({ type: 'done' });
  }, 300_000);
});
