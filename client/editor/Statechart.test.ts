import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { compileScenario } from '../../scenarios/compile';
import { chartOf } from './Statechart';

describe('the statechart drawn beside the timeline', () => {
  it('reads the compiled machine: the phase region with its timed start and events, a region per inject', () => {
    const s = builtinScenarios().find((b) => b.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
    const chart = chartOf(compileScenario(s, () => {}));
    const phase = chart.find((r) => r.region === 'phase')!;
    expect(phase.states).toEqual(['dormant', 'incident', 'detected', 'responding', 'resolved', 'failed']);
    expect(phase.edges).toContainEqual({ from: 'dormant', to: 'incident', on: '60 s' });
    expect(phase.edges).toContainEqual({ from: 'incident', to: 'detected', on: 'ALARM_RAISED' });
    expect(chart.map((r) => r.region)).toEqual(['phase', 'limit', ...s.injects.map((i) => `inject_${i.id}`)]);
    expect(chart.find((r) => r.region === 'limit')!.edges).toContainEqual({ from: 'running', to: 'over', on: '3600 s' });
  });
});
