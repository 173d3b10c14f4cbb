import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { drillLifecycle, trainerCommands, type LifecycleEmitted, type LifecycleEvent, type LifecycleStatus } from './drillLifecycle.machine';

function run(events: LifecycleEvent[]) {
  const actor = createActor(drillLifecycle);
  const emitted: LifecycleEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as LifecycleEmitted));
  actor.start();
  for (const e of events) actor.send(e);
  return { status: actor.getSnapshot().value as LifecycleStatus, speed: actor.getSnapshot().context.speed, emitted };
}

const T = { role: 'trainer' } as const;
const C = { role: 'commander' } as const;

describe('the drill lifecycle', () => {
  it.each<[string, LifecycleEvent[], LifecycleStatus]>([
    ['a new drill waits in the lobby', [], 'lobby'],
    ['the trainer briefs, then starts', [{ type: 'brief', ...T }, { type: 'start', ...T }], 'running'],
    ['the trainer may start straight from the lobby', [{ type: 'start', ...T }], 'running'],
    ['pause and resume', [{ type: 'start', ...T }, { type: 'pause', ...T }], 'paused'],
    ['resume after a pause', [{ type: 'start', ...T }, { type: 'pause', ...T }, { type: 'resume', ...T }], 'running'],
    ['the scenario resolving opens the debrief', [{ type: 'start', ...T }, { type: 'scenario_over', outcome: 'resolved' }], 'debrief'],
    ['the trainer closes the debrief', [{ type: 'start', ...T }, { type: 'scenario_over', outcome: 'failed' }, { type: 'end', ...T }], 'ended'],
    ['everyone leaving closes the debrief', [{ type: 'start', ...T }, { type: 'end', ...T }, { type: 'close' }], 'ended'],
    ['a drill nobody joined is withdrawn', [{ type: 'abandon' }], 'ended'],
    ['only the trainer starts a drill', [{ type: 'start', ...C }], 'lobby'],
    ['only the trainer pauses it', [{ type: 'start', ...T }, { type: 'pause', ...C }], 'running'],
    ['a paused drill does not end by the scenario', [{ type: 'start', ...T }, { type: 'pause', ...T }, { type: 'scenario_over', outcome: 'resolved' }], 'paused'],
    ['a running drill with players is not withdrawn', [{ type: 'start', ...T }, { type: 'abandon' }], 'running'],
    ['an ended drill stays ended', [{ type: 'abandon' }, { type: 'start', ...T }], 'ended'],
  ])('%s', (_name, events, status) => {
    expect(run(events).status).toBe(status);
  });

  it('emits each status it enters and how the drill came out, in order', () => {
    const { emitted } = run([{ type: 'brief', ...T }, { type: 'start', ...T }, { type: 'scenario_over', outcome: 'resolved' }, { type: 'end', ...T }]);
    expect(emitted).toEqual([
      { type: 'status', status: 'lobby' }, { type: 'status', status: 'briefing' }, { type: 'status', status: 'running' },
      { type: 'outcome', outcome: 'resolved' }, { type: 'status', status: 'debrief' }, { type: 'status', status: 'ended' },
    ]);
  });

  it('the trainer ending a drill records it as ended by the trainer', () => {
    expect(run([{ type: 'start', ...T }, { type: 'end', ...T }]).emitted).toContainEqual({ type: 'outcome', outcome: 'ended_by_trainer' });
  });

  it.each([[0, 1], [11, 1], [2.5, 1], [10, 10], [3, 3]])('speed %s gives %s×', (speed, expected) => {
    expect(run([{ type: 'speed', role: 'trainer', speed }]).speed).toBe(expected);
  });

  it('a player cannot change the speed, and the debrief has no speed', () => {
    expect(run([{ type: 'speed', role: 'medic', speed: 5 }]).speed).toBe(1);
    expect(run([{ type: 'start', ...T }, { type: 'end', ...T }, { type: 'speed', ...T, speed: 4 }]).speed).toBe(1);
  });

  it('trainerCommands lists exactly what each status takes from the trainer', () => {
    const commands = ['brief', 'start', 'pause', 'resume', 'end'] as const;
    const into: Record<LifecycleStatus, LifecycleEvent[]> = {
      lobby: [], briefing: [{ type: 'brief', ...T }], running: [{ type: 'start', ...T }], paused: [{ type: 'start', ...T }, { type: 'pause', ...T }],
      debrief: [{ type: 'end', ...T }], ended: [{ type: 'abandon' }],
    };
    for (const [status, prefix] of Object.entries(into) as [LifecycleStatus, LifecycleEvent[]][]) {
      for (const cmd of commands) {
        const moved = run([...prefix, { type: cmd, ...T }]).status !== status;
        const actor = createActor(drillLifecycle).start();
        for (const e of prefix) actor.send(e);
        expect(moved, `${cmd} in ${status}`).toBe(trainerCommands(actor.getSnapshot()).includes(cmd));
      }
    }
  });
});
