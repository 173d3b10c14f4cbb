import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from './builtin';
import { compileScenario, type ScenarioOutput } from './compile';

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
