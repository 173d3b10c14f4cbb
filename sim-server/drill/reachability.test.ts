import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import type { Scenario } from '../../scenarios/schema';
import { reachability } from './reachability';

const gas = () => builtinScenarios().find((b) => b.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;

describe('what a drill can reach', () => {
  it('every built-in scenario can reach each objective, its resolution and its injects', () => {
    for (const { scenario } of builtinScenarios()) {
      const r = reachability(scenario);
      expect(r.resolved, scenario.id).toMatchObject({ reachable: true });
      for (const o of r.objectives) expect(o.reachable, `${scenario.id} ${o.id}: ${o.reason}`).toBe(true);
      for (const i of r.injects) expect(i.reachable, `${scenario.id} ${i.id}`).toBe(true);
    }
  });

  it('gives the shortest way to each objective: the alarm, then what the action needs first', () => {
    const r = reachability(gas());
    expect(r.objectives.find((o) => o.id === 'valve')!.path).toEqual(['alarm', 'shut_valve']);
    expect(r.resolved.path).toEqual(['alarm', 'shut_valve']);
    const cardiac: Scenario = { ...gas(), roles: ['commander', 'medic'], expected: [{ id: 'handover', action: 'handover_120', withinS: 900, weight: 1 }] };
    expect(reachability(cardiac).objectives[0]!.path).toEqual(['alarm', 'call_120', 'handover_120']);
  });

  it('flags an objective and a resolution no role of the drill can reach, and an inject due after the end, with the reason', () => {
    const s: Scenario = { ...gas(), roles: ['commander', 'medic'], injects: [...gas().injects, { id: 'late', atS: 4000, afterS: 0, text: { zh: '迟', en: 'late' }, action: { kind: 'message', to: 'all' } }] };
    const r = reachability(s);
    expect(r.objectives.find((o) => o.id === 'valve')).toMatchObject({ reachable: false, reason: 'no role of this drill may do "shut_valve" (grid_worker, firefighter may; the drill has commander, medic)' });
    expect(r.objectives.find((o) => o.id === 'ack')!.reachable).toBe(true);
    expect(r.resolved).toMatchObject({ reachable: false, reason: 'it needs "shut_valve" (grid_worker, firefighter), and the drill has commander, medic' });
    expect(r.injects.find((i) => i.id === 'late')).toMatchObject({ reachable: false, reason: 'it is due at 4000 s, after the drill fails at 3600 s' });
  });
});

describe('what a drill can reach: injects on conditions', () => {
  it('an inject on an action no role may take is flagged; one on an action the roles may take shows the way', () => {
    const msg = (id: string, when: Scenario['injects'][number]['when']): Scenario['injects'][number] => ({ id, when, afterS: 0, text: { zh: id, en: id }, action: { kind: 'message', to: 'all' } });
    const s: Scenario = { ...gas(), injects: [msg('after-valve', { action: 'shut_valve', done: true }), msg('after-pump', { action: 'deploy_pump', done: true }), msg('no-valve', { action: 'shut_valve', done: false, byS: 300 }), msg('grade', { alarmLevel: 'II' })] };
    const r = reachability(s);
    expect(r.injects.find((i) => i.id === 'after-valve')).toMatchObject({ reachable: true, path: ['alarm', 'shut_valve'] });
    expect(r.injects.find((i) => i.id === 'after-pump')).toMatchObject({ reachable: false });
    expect(r.injects.find((i) => i.id === 'no-valve')).toMatchObject({ reachable: true, path: ['alarm', '300 s'] });
    expect(r.injects.find((i) => i.id === 'grade')!.reachable).toBe(true);
  });
});
