import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { compileScenario } from '../../scenarios/compile';
import { chartOf, chartWords } from './Statechart';

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

  it('speaks the reader\'s language: regions, states and events in words, an inject by its text', () => {
    const s = builtinScenarios().find((b) => b.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
    const chart = chartOf(compileScenario(s, () => {}));
    const phase = chartWords(s, chart.find((r) => r.region === 'phase')!, 'zh');
    expect(phase.region).toBe('阶段');
    expect(phase.edges).toContainEqual({ from: '险情未发生', to: '险情发生', on: '60秒后' });
    expect(phase.edges).toContainEqual({ from: '险情发生', to: '险情被发现', on: '报警发出' });
    const inject = chartWords(s, chart.find((r) => r.region === 'inject_son-does-not-answer')!, 'zh');
    expect(inject.region).toBe('注入：王强（儿子）电话无人接听。');
    expect(inject.edges.map((e) => `${e.from}→${e.to}（${e.on}）`)).toContain('等待条件→已注入（教官手动注入）');
    // Nothing left as a code in either language.
    for (const lang of ['zh', 'en'] as const) for (const r of chart) expect(JSON.stringify(chartWords(s, r, lang))).not.toMatch(/[A-Z]+_[A-Z]+|inject_|dormant/);
  });
});
