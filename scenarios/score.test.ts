import { describe, expect, it } from 'vitest';
import { builtinScenarios } from './builtin';
import { scoreOf } from './score';

const scenario = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;

describe('the score, point by point', () => {
  it('says of every point what earned or missed it, against which limit; the total is their sum', () => {
    const ack = scenario.expected.find((e) => e.action === 'acknowledge')!;
    const valve = scenario.expected.find((e) => e.action === 'shut_valve')!;
    const s = scoreOf(scenario, new Map([[ack.id, 100 + ack.withinS + 30], [valve.id, 150]]), 100, false);
    const byId = Object.fromEntries(s.lines.map((l) => [l.id, l]));
    expect(byId[ack.id]).toMatchObject({ reason: 'late', earned: 0, doneAfterS: ack.withinS + 30, withinS: ack.withinS });
    expect(byId[valve.id]).toMatchObject({ reason: 'on_time', earned: valve.weight * scenario.scoring.onTimeWeight, doneAfterS: 50 });
    expect(byId.resolved).toMatchObject({ reason: 'not_resolved', earned: 0, points: scenario.scoring.resolvedWeight });
    expect(s.lines.filter((l) => l.reason === 'not_done').length).toBe(scenario.expected.length - 2);
    expect(s.earned).toBe(s.lines.reduce((n, l) => n + l.earned, 0));
    expect(s.possible).toBe(s.lines.reduce((n, l) => n + l.points, 0));
    expect(scoreOf(scenario, new Map(), 100, true).earned).toBe(scenario.scoring.resolvedWeight);
  });
});
