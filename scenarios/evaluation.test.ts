import { describe, expect, it } from 'vitest';
import { builtinScenarios } from './builtin';
import { proposeRatings, ratingOf } from './evaluation';
import type { Objective } from './scenarioRun';

const o = (doneAtS: number | null, withinS = 100): Objective => ({ id: 'x', action: 'evacuate', withinS, doneAtS, met: false });

describe('proposed ratings from the evidence', () => {
  it.each([[150, 'P'], [200, 'P'], [250, 'S'], [251, 'M'], [null, 'U']] as const)('done at %s s (first alarm at 100 s, limit 100 s): %s', (done, rating) => {
    expect(ratingOf(o(done), 100)).toBe(rating);
  });

  it('gives a task its worst objective\'s rating, with each objective\'s evidence in both languages', () => {
    const { scenario } = builtinScenarios().find((s) => s.scenario.id === 'flood-underpass')!;
    // acknowledge on time; cordon late (limit 600); deploy_pump never; evacuate late by more than half
    const done: Record<string, number | null> = { ack: 100, close: 800, pumps: null, homes: 2800 };
    const objectives = scenario.expected.map((e) => ({ id: e.id, action: e.action, withinS: e.withinS, doneAtS: done[e.id] ?? null, met: false }));
    const p = proposeRatings(scenario, objectives, 0);
    expect(p.map((t) => [t.task, t.rating])).toEqual([['warning.confirm', 'P'], ['site_security.cordon', 'S'], ['initial_response.control_source', 'U'], ['evacuation.residents', 'M']]);
    expect(p[1]!.evidence).toEqual([{ zh: '设置警戒：首次报警后800秒完成（时限600秒）', en: 'Cordon the area: done 800 s after the first alarm (limit 600 s)' }]);
    expect(p[2]!.names).toEqual({ capability: { zh: '先期处置', en: 'Initial response' }, task: { zh: '控制危险源', en: 'Control the source' } });
  });
});
