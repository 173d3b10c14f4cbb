// Drill evaluation through a real server (HSEEP): an evaluator's seat unseen by the players, ratings with notes
// stamped in simulated time beside the proposed ones, the AAR/IP as JSON, a Word file opened and read, and a PDF
// printed by Chromium; corrective actions with an owner and a due date, on the team's page, in the next drill's
// briefing, and proposed for closing when a later drill rates the task P.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import type { Aar } from '../../sim-server/drill/aar';
import type { CorrectiveAction } from '../../twin-assets/improvement';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { addPerson, type TestPerson } from '../helpers/people';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';

let twin: RunningTwin;
let evaluator: TestPerson, viewer: TestPerson;
const TEAM = '青云社区应急分队';
const SCENARIO = 'gas-leak-elderly-kitchen';

beforeAll(async () => {
  twin = await startTestTwin({});
  evaluator = await addPerson(twin.httpUrl, ['evaluator'], { name: '李评估' });
  viewer = await addPerson(twin.httpUrl, ['viewer'], { name: '赵查看' });
}, 120_000);
afterAll(async () => { await twin?.stop(); });

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, token: string) => fetch(`${twin.httpUrl}${path}`, { headers: as(token) });
const send = (method: string, path: string, body: unknown, token: string) => fetch(`${twin.httpUrl}${path}`, { method, headers: { ...as(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A drill of the scenario for the team: briefed and started, an evaluator and a guest commander in it. */
async function drill() {
  const { drillId, roomId } = await createDrill(twin.httpUrl, SCENARIO, 3, TEAM);
  const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
  const player = await joinDrill(twin.httpUrl, roomId, { role: 'commander', name: '张指挥' });
  const judge = await joinDrill(twin.httpUrl, roomId, { role: 'evaluator', name: 'ignored', token: evaluator.token });
  expect(await trainer.ask('control', { cmd: 'brief' })).toMatchObject({ type: 'done' });
  expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done' });
  return { drillId, roomId, trainer, player, judge };
}

describe('an evaluated drill, its AAR/IP and the improvement plan across drills', () => {
  let first: Awaited<ReturnType<typeof drill>>;
  let action: CorrectiveAction;

  it('seats the evaluator unseen by the players; only the evaluator rates, and sees the proposals', async () => {
    first = await drill();
    const { judge, player, roomId } = first;
    expect((await judge.welcome).role).toBe('evaluator');
    // Not a player: not in the state any player sees, no figure.
    await until(() => Object.keys(player.state().players).length === 2, 30_000, 'two players in the state');
    expect(Object.values(player.state().players).map((p: any) => p.role).sort()).toEqual(['commander', 'trainer']);
    expect(JSON.stringify(player.state())).not.toContain(evaluator.name);
    // The proposals reach the evaluator alone: every task the scenario's objectives exercise, none done yet.
    await until(() => judge.evaluations.length > 0, 30_000, 'the evaluator\'s proposals');
    const proposals = judge.evaluations.at(-1)!.proposals;
    expect(proposals.map((p) => p.task)).toEqual(['warning.confirm', 'communications.reach_family', 'initial_response.reach', 'initial_response.control_source', 'initial_response.ventilate']);
    expect(proposals.every((p) => p.rating === 'U' && p.evidence.length > 0)).toBe(true);
    expect(player.evaluations).toEqual([]);
    expect(await player.ask('rate', { task: 'warning.confirm', rating: 'P', note: '' })).toMatchObject({ type: 'error', message: 'only the evaluator rates the drill' });
    // The evaluator's seat is for an evaluator logged in: not a guest, not the trainer's machine credential, not a viewer.
    await expect(joinDrill(twin.httpUrl, roomId, { role: 'evaluator', name: '冒充者' })).rejects.toThrow(/evaluator's seat is for an evaluator/);
    await expect(joinDrill(twin.httpUrl, roomId, { role: 'evaluator', name: 'x', token: TRAINER_TOKEN })).rejects.toThrow(/evaluator's seat is for an evaluator/);
    await expect(joinDrill(twin.httpUrl, roomId, { role: 'evaluator', name: 'x', token: viewer.token })).rejects.toThrow(/evaluator's seat is for an evaluator/);

    expect(await judge.ask('rate', { task: 'no.such', rating: 'P', note: '' })).toMatchObject({ type: 'error', message: expect.stringMatching(/not a critical task/) });
    expect(await judge.ask('rate', { task: 'warning.confirm', rating: 'X', note: '' })).toMatchObject({ type: 'error', code: 'bad_message' });
    expect(await judge.ask('rate', { task: 'warning.confirm', rating: 'S', note: '先看后认' })).toMatchObject({ type: 'done' });
    // A later rating of the same task supersedes the first.
    expect(await judge.ask('rate', { task: 'warning.confirm', rating: 'M', note: '值班员确认警情用时过长，未核实现场' })).toMatchObject({ type: 'done', zh: '核实并确认警情：评为M' });
    await until(() => judge.evaluations.at(-1)!.ratings.length === 2, 30_000, 'the ratings back to the evaluator');
    expect(judge.evaluations.at(-1)!.ratings[1]).toMatchObject({ task: 'warning.confirm', rating: 'M', by: '李评估' });
    expect(await first.trainer.ask('control', { cmd: 'end' })).toMatchObject({ type: 'done' });
  }, 120_000);

  it('gives the AAR/IP to trainers and evaluators: JSON with both ratings, a .docx to read, a PDF', async () => {
    const { drillId } = first;
    expect((await fetch(`${twin.httpUrl}api/drills/${drillId}/aar`)).status).toBe(401);
    expect((await get(`api/drills/${drillId}/aar`, viewer.token)).status).toBe(403);
    expect((await get(`api/drills/${drillId}/aar?format=odt`, evaluator.token)).status).toBe(400);
    expect((await get('api/drills/nope-000000/aar', evaluator.token)).status).toBe(404);
    const aar = await (await get(`api/drills/${drillId}/aar`, evaluator.token)).json() as Aar;
    expect(aar).toMatchObject({ drillId, team: TEAM, evaluators: ['李评估'] });
    const confirm = aar.tasks.find((t) => t.task === 'warning.confirm')!;
    expect(confirm).toMatchObject({ proposed: 'U', rating: 'M', note: '值班员确认警情用时过长，未核实现场', by: '李评估', name: { zh: '核实并确认警情' } });
    expect(aar.improvements.map((i) => i.zh)).toContain('预警发布·核实并确认警情：完成，存在重大问题。值班员确认警情用时过长，未核实现场');
    expect(aar.improvements.some((i) => i.zh.includes('（建议评级）'))).toBe(true); // the unrated tasks, as proposed
    expect(aar.strengths).toEqual([]);

    const docx = await get(`api/drills/${drillId}/aar?format=docx`, TRAINER_TOKEN);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain(`AAR-${drillId}.docx`);
    const files = unzipSync(new Uint8Array(await docx.arrayBuffer()));
    const text = strFromU8(files['word/document.xml']!).replace(/<[^>]+>/g, '');
    for (const words of ['演练评估报告与整改计划', TEAM, '核实并确认警情', '值班员确认警情用时过长，未核实现场', '待改进事项', '整改计划']) expect(text).toContain(words);

    const pdf = await get(`api/drills/${drillId}/aar?format=pdf`, evaluator.token);
    expect(pdf.status, await pdf.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5000);
  }, 180_000);

  it('tracks a corrective action with an owner and a due date on the team\'s page', async () => {
    const { drillId } = first;
    const body = { drillId, task: 'warning.confirm', text: '值班员警情确认流程培训并演练', owner: evaluator.login, due: '2027-01-31' };
    expect((await send('POST', 'api/improvement', body, viewer.token)).status).toBe(403);
    for (const [bad, why] of [[{ owner: 'nobody-here' }, /no person "nobody-here"/], [{ task: 'warning.nope' }, /not a critical task/], [{ scenarioId: 'no-such' }, /no scenario/]] as const) {
      const res = await send('POST', 'api/improvement', { ...body, ...bad }, evaluator.token);
      expect(res.status).toBe(422);
      expect((await res.json() as { error: string }).error).toMatch(why);
    }
    expect((await send('POST', 'api/improvement', { ...body, due: '2027-02-30x' }, evaluator.token)).status).toBe(400);
    const created = await send('POST', 'api/improvement', body, evaluator.token);
    expect(created.status).toBe(201);
    action = await created.json() as CorrectiveAction;
    expect(action).toMatchObject({ drillId, task: 'warning.confirm', owner: evaluator.login, ownerName: '李评估', due: '2027-01-31', status: 'open', scenarioId: SCENARIO, team: TEAM, createdBy: '李评估', closeProposed: null });
    expect(await (await get(`api/improvement?team=${encodeURIComponent(TEAM)}`, viewer.token)).json()).toEqual([action]);
    const team = await (await get(`api/teams/${encodeURIComponent(TEAM)}`, viewer.token)).json() as { drills: { drillId: string; ratings: { task: string; rating: string; given: boolean }[] }[]; actions: CorrectiveAction[] };
    expect(team.drills.map((d) => d.drillId)).toEqual([drillId]);
    expect(team.drills[0]!.ratings).toContainEqual({ task: 'warning.confirm', rating: 'M', given: true });
    expect(team.drills[0]!.ratings).toContainEqual({ task: 'initial_response.reach', rating: 'U', given: false });
    expect(team.actions.map((a) => a.id)).toEqual([action.id]);
    expect(await (await get('api/teams', viewer.token)).json()).toContainEqual({ team: TEAM, drills: 1, openActions: 1, lastDrillAt: expect.any(Number) });
    // The evaluator goes on rating in the debrief: the summary already recorded is read again from the grown journal.
    expect(await first.judge.ask('rate', { task: 'communications.reach_family', rating: 'S', note: '未联系其子女' })).toMatchObject({ type: 'done' });
    const again = await (await get(`api/teams/${encodeURIComponent(TEAM)}`, viewer.token)).json() as typeof team;
    expect(again.drills[0]!.ratings).toContainEqual({ task: 'communications.reach_family', rating: 'S', given: true });
    // The AAR's plan holds it now.
    const aar = await (await get(`api/drills/${drillId}/aar`, TRAINER_TOKEN)).json() as Aar;
    expect(aar.plan.map((a) => a.text)).toEqual([body.text]);
  }, 120_000);

  it('briefs the next drill of the scenario with the open action; rated P there, it is proposed for closing', async () => {
    const second = await drill();
    expect(JSON.parse(second.player.state().retest)).toEqual([{ task: 'warning.confirm', text: action.text, ownerName: '李评估', due: '2027-01-31' }]);
    expect(await second.judge.ask('rate', { task: 'warning.confirm', rating: 'P', note: '30秒内确认并核实' })).toMatchObject({ type: 'done' });
    expect(await second.trainer.ask('control', { cmd: 'end' })).toMatchObject({ type: 'done' });
    const [listed] = await (await get(`api/improvement?scenarioId=${SCENARIO}&status=open`, TRAINER_TOKEN)).json() as CorrectiveAction[];
    expect(listed!.closeProposed).toMatchObject({ drillId: second.drillId });
    const closed = await send('PATCH', `api/improvement/${action.id}`, { status: 'done' }, TRAINER_TOKEN);
    expect(await closed.json()).toMatchObject({ id: action.id, status: 'done', closeProposed: null });
    expect(await (await get(`api/improvement?status=open`, TRAINER_TOKEN)).json()).toEqual([]);
    expect((await send('PATCH', 'api/improvement/ca-nope', { status: 'done' }, TRAINER_TOKEN)).status).toBe(404);
  }, 180_000);
});
