import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { builtinScenarios } from '../../scenarios/builtin';
import { runHeadless } from './headlessRun';

const gas = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;

describe('headless scenario runs: gas leak in an elderly resident\'s kitchen', () => {
  it('resolves with a scripted response, raising its alarm through the real engine', () => {
    const r = runHeadless(gas, bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    expect(r.outcome).toBe('resolved');
    const kinds = r.timeline.map((e) => e.kind);
    expect(kinds.indexOf('alarm')).toBeGreaterThan(kinds.indexOf('hazard'));
    expect(r.timeline.find((e) => e.kind === 'alarm')!.text).toMatch(/^raised gas_leak (IV|III|II|I) active_unacked at gas-a1-301$/);
    expect(r.timeline.filter((e) => e.kind === 'action').map((e) => e.text.split(': ')[1])).toEqual(expect.arrayContaining(['acknowledge', 'shut_valve', 'open_windows', 'on_site', 'phone_resident']));
    expect(r.timeline.some((e) => e.kind === 'inject' && e.text.includes('does not answer'))).toBe(true);
    expect(r.objectives.every((o) => o.met)).toBe(true);
    expect(r.score).toEqual({ earned: 9, possible: 9 });
    // the phases in order
    expect(r.timeline.filter((e) => e.kind === 'phase').map((e) => e.text)).toEqual(['dormant', 'incident', 'detected', 'responding', 'resolved']);
  });

  it('fails when nobody acts: the alarm escalates round after round, and time runs out', () => {
    const r = runHeadless(gas, bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.outcome).toBe('failed');
    expect(r.simulatedS).toBe(gas.end.failAfterS);
    expect(r.timeline.filter((e) => e.text.includes('notify round')).length).toBeGreaterThanOrEqual(2);
    expect(r.objectives.every((o) => !o.met)).toBe(true);
    expect(r.score.earned).toBe(0);
  });

  it('is deterministic: the same scenario, seed and response give the same timeline; another seed differs', () => {
    const a = runHeadless(gas, bundledIndex(), bundledRules(), { seed: 7, respond: 'scripted' });
    const b = runHeadless(gas, bundledIndex(), bundledRules(), { seed: 7, respond: 'scripted' });
    const c = runHeadless(gas, bundledIndex(), bundledRules(), { seed: 8, respond: 'scripted' });
    expect(a).toEqual(b);
    expect(c.timeline).not.toEqual(a.timeline);
  });
});
