import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import type { DrillRecord } from './drillLog';
import { buildReport } from './report';

const scenario = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
const created: DrillRecord = { t: 'created', simS: 0, drillId: 'd1', scenario, seed: 1, epoch: 0, createdAt: 0 };
const join = (playerId: string, role: 'commander' | 'grid_worker', name: string): DrillRecord => ({ t: 'join', simS: 0, playerId, role, name });
const act = (simS: number, playerId: string, action: string, ok = true): DrillRecord => ({ t: 'action', simS, playerId, role: playerId === 'p1' ? 'commander' : 'grid_worker', name: playerId === 'p1' ? '张指挥' : '刘芳', action, ok, detail: ok ? 'done' : 'you are 80 m from the incident' });
const raised: DrillRecord = { t: 'alarm', simS: 100, type: 'raised', alarmId: 'a1', deviceId: 'gas-a1-301', kind: 'gas_leak', level: 'II', state: 'active_unacked', by: null };

function drill(...more: DrillRecord[]): DrillRecord[] {
  return [created, join('p1', 'commander', '张指挥'), join('p2', 'grid_worker', '刘芳'), { t: 'timeline', simS: 60, kind: 'phase', text: 'incident' }, raised, ...more];
}

describe('the after-action report, from the journal alone', () => {
  it('times each KPI from the first alarm and checks it against the scenario\'s limit', () => {
    const r = buildReport(drill(
      { t: 'alarm', simS: 150, type: 'acknowledged', alarmId: 'a1', deviceId: 'gas-a1-301', kind: 'gas_leak', level: 'II', state: 'active_acked', by: '张指挥 (commander)' },
      act(150, 'p1', 'acknowledge'),
      { t: 'task', simS: 100, taskId: 't0', alarmId: 'other', kind: 'grid_worker', state: 'assigned', by: null }, // another incident's
      { t: 'task', simS: 112, taskId: 't1', alarmId: 'a1', kind: 'grid_worker', state: 'assigned', by: null },
      { t: 'task', simS: 170, taskId: 't1', alarmId: 'a1', kind: 'grid_worker', state: 'en_route', by: '刘芳 (grid_worker)' },
      { t: 'task', simS: 400, taskId: 't1', alarmId: 'a1', kind: 'grid_worker', state: 'on_site', by: '刘芳 (grid_worker)' },
      act(400, 'p2', 'on_site'),
      { t: 'timeline', simS: 900, kind: 'phase', text: 'resolved' },
      { t: 'end', simS: 900, outcome: 'resolved' },
    ));
    expect(Object.fromEntries(r.kpis.map((k) => [k.id, [k.seconds, k.limitS, k.met]]))).toEqual({
      detect: [40, null, null], acknowledge: [50, 120, true], dispatch: [12, null, null], arrive: [300, 900, true], resolve: [800, 3500, true],
    });
    expect(r.onSiteTarget).toEqual({ limitS: 1200, arrivedAfterS: 300, met: true });
    expect(r.outcome).toBe('resolved');
  });

  it('gives each accepted action to the first objective of its kind; a refusal meets nothing but is listed', () => {
    const r = buildReport(drill(act(200, 'p2', 'shut_valve', false), act(300, 'p1', 'acknowledge'), act(900, 'p2', 'shut_valve'), { t: 'end', simS: 3600, outcome: 'failed' }));
    const o = Object.fromEntries(r.objectives.map((x) => [x.id, x]));
    expect(o.ack).toMatchObject({ doneAtS: 300, by: '张指挥 (commander)', met: false }); // 200 s after the alarm, limit 120
    expect(o.valve).toMatchObject({ doneAtS: 900, met: true });
    expect(r.score).toMatchObject({ earned: 2, possible: 9 }); // the valve (weight 2); not resolved
    // ...and says so, point by point: the late acknowledgement, the valve in time, no resolution.
    const lines = Object.fromEntries(r.score.lines.map((l) => [l.id, [l.reason, l.earned]]));
    expect(lines).toMatchObject({ ack: ['late', 0], valve: ['on_time', 2], resolved: ['not_resolved', 0] });
    expect(r.roles.find((p) => p.name === '刘芳')!.actions.map((a) => a.ok)).toEqual([false, true]);
    expect(r.timeline.filter((e) => e.kind === 'refused').map((e) => e.text)).toEqual(['刘芳 (grid_worker): shut_valve: you are 80 m from the incident']);
  });

  it('with no alarm yet, the times are empty and nothing is met; a drill still running says so', () => {
    const r = buildReport([created, join('p1', 'commander', '张指挥')]);
    expect(r.outcome).toBe('in_progress');
    expect(r.kpis.every((k) => k.seconds === null)).toBe(true);
    expect(r.objectives.every((o) => !o.met)).toBe(true);
    expect(r.onSiteTarget.met).toBe(false);
  });

  it('carries what the replay draws: frames of players, device displays, casualties as they were added', () => {
    const r = buildReport(drill({ t: 'frame', simS: 101, players: [{ id: 'p2', x: 1, y: 2 }] }, { t: 'device', simS: 100, deviceId: 'gas-a1-301', display: 'alarm_unacked', level: 'II' },
      { t: 'casualty', simS: 300, id: 'cas1', x: 5, y: 6, text: '扭伤脚踝' }));
    expect(r.replay.frames).toEqual([{ simS: 101, players: [{ id: 'p2', x: 1, y: 2 }] }]);
    expect(r.replay.devices).toEqual([{ simS: 100, deviceId: 'gas-a1-301', display: 'alarm_unacked', level: 'II' }]);
    expect(r.replay.casualties).toEqual([{ simS: 300, id: 'cas1', x: 5, y: 6, text: '扭伤脚踝' }]);
    expect(r.replay.players.map((p) => p.name)).toEqual(['张指挥', '刘芳']);
  });

  it('is the same every time it is built', () => {
    const records = drill(act(150, 'p1', 'acknowledge'), { t: 'frame', simS: 151, players: [{ id: 'p2', x: 1, y: 2 }] });
    expect(buildReport(records)).toEqual(buildReport(structuredClone(records)));
  });
});
