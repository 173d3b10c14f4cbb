import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from './builtin';
import { compileScenario, type ScenarioOutput } from './compile';
import type { Scenario } from './schema';

function start(id: string) {
  const scenario = builtinScenarios().find((s) => s.scenario.id === id)!.scenario;
  const out: (ScenarioOutput & { atMs: number })[] = [];
  const clock = new SimulatedClock();
  const actor = createActor(compileScenario(scenario, (o) => out.push({ ...o, atMs: clock.now() })), { clock });
  actor.start();
  clock.increment(0);
  return { scenario, actor, clock, out };
}

describe.each(builtinScenarios().map((s) => s.scenario.id))('the compiled machine of %s', (id) => {
  it('has a region for the phase, the time limit and each inject, and starts dormant', () => {
    const { scenario, actor } = start(id);
    const value = (actor.getSnapshot().value as { running: Record<string, string> }).running;
    expect(Object.keys(value).sort()).toEqual(['limit', 'phase', ...scenario.injects.map((i) => `inject_${i.id}`)].sort());
    const firstHazardS = Math.min(...scenario.hazards.map((h) => h.startAfterS));
    expect(value.phase).toBe(firstHazardS === 0 ? 'incident' : 'dormant');
  });

  it('the incident begins with its first hazard, and time running out fails it', () => {
    const { scenario, clock, out, actor } = start(id);
    const firstHazardS = Math.min(...scenario.hazards.map((h) => h.startAfterS));
    clock.increment(firstHazardS * 1000);
    expect(out.find((o) => o.kind === 'phase' && o.phase === 'incident')!.atMs).toBe(firstHazardS * 1000);
    clock.increment((scenario.end.failAfterS - firstHazardS) * 1000);
    expect(out.filter((o) => o.kind === 'phase').at(-1)).toMatchObject({ phase: 'failed', atMs: scenario.end.failAfterS * 1000 });
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('an alarm once the incident has begun, then a safe hazard, resolves it; an alarm before it is nothing', () => {
    const { scenario, actor, out, clock } = start(id);
    const firstHazardS = Math.min(...scenario.hazards.map((h) => h.startAfterS));
    if (firstHazardS > 0) {
      actor.send({ type: 'ALARM_RAISED' });
      expect((actor.getSnapshot().value as { running: Record<string, string> }).running.phase).toBe('dormant');
    }
    clock.increment(firstHazardS * 1000);
    actor.send({ type: 'ALARM_RAISED' });
    actor.send({ type: 'HAZARD_SAFE' });
    expect(out.filter((o) => o.kind === 'phase').map((o) => o.kind === 'phase' && o.phase).slice(-2)).toEqual(['detected', 'resolved']);
  });

  it('each inject happens once: early by the trainer\'s hand, then not again at its time', () => {
    const { scenario, actor, clock, out } = start(id);
    for (const inj of scenario.injects) {
      actor.send({ type: 'INJECT_NOW', id: inj.id });
      actor.send({ type: 'INJECT_NOW', id: inj.id });
    }
    actor.send({ type: 'ALARM_RAISED' });
    actor.send({ type: 'ALARM_ACKNOWLEDGED' });
    clock.increment(scenario.end.failAfterS * 1000);
    const fired = out.filter((o) => o.kind === 'inject').map((o) => o.kind === 'inject' && o.id);
    expect(fired.sort()).toEqual(scenario.injects.map((i) => i.id).sort());
  });

  it('left alone, each timed inject happens at its time', () => {
    const { scenario, clock, out } = start(id);
    clock.increment(scenario.end.failAfterS * 1000 - 1);
    for (const inj of scenario.injects.filter((i) => i.atS !== undefined)) {
      expect(out.find((o) => o.kind === 'inject' && o.id === inj.id)!.atMs).toBe(inj.atS! * 1000);
    }
  });
});

describe('injects on conditions, and branches', () => {
  const base = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
  const msg = (id: string, when: Scenario['injects'][number]['when'], afterS = 0): Scenario['injects'][number] => ({ id, when, afterS, text: { zh: id, en: id }, action: { kind: 'message', to: 'all' } });
  function run(injects: Scenario['injects']) {
    const out: (ScenarioOutput & { atMs: number })[] = [];
    const clock = new SimulatedClock();
    const actor = createActor(compileScenario({ ...base, injects }, (o) => out.push({ ...o, atMs: clock.now() })), { clock });
    actor.start();
    clock.increment(60_000); // the incident begins
    const fired = () => out.filter((o) => o.kind === 'inject').map((o) => (o as { id: string }).id);
    return { actor, clock, fired };
  }

  it('fires on a grade reached (or a graver one), and on an action done', () => {
    const { actor, clock, fired } = run([msg('grade-ii', { alarmLevel: 'II' }), msg('valve-shut', { action: 'shut_valve', done: true }, 30)]);
    actor.send({ type: 'ALARM_RAISED' });
    actor.send({ type: 'ALARM_LEVEL', level: 'III' });
    expect(fired()).toEqual([]);
    actor.send({ type: 'ALARM_LEVEL', level: 'I' });
    clock.increment(0);
    expect(fired()).toEqual(['grade-ii']);
    actor.send({ type: 'ACTION', action: 'shut_valve' });
    clock.increment(29_000);
    expect(fired()).toEqual(['grade-ii']);
    clock.increment(1_000);
    expect(fired()).toEqual(['grade-ii', 'valve-shut']);
  });

  it('a branch fires when the action is not done in time after the alarm, and never when it is', () => {
    const late = run([msg('no-valve', { action: 'shut_valve', done: false, byS: 300 })]);
    late.actor.send({ type: 'ALARM_RAISED' });
    late.clock.increment(299_000);
    expect(late.fired()).toEqual([]);
    late.clock.increment(1_000);
    late.clock.increment(0);
    expect(late.fired()).toEqual(['no-valve']);

    const inTime = run([msg('no-valve', { action: 'shut_valve', done: false, byS: 300 })]);
    inTime.actor.send({ type: 'ALARM_RAISED' });
    inTime.clock.increment(200_000);
    inTime.actor.send({ type: 'ACTION', action: 'shut_valve' });
    inTime.clock.increment(600_000);
    expect(inTime.fired()).toEqual([]);
  });
});
