// A scenario → an XState v5 machine. While it runs, regions run in parallel: the phase (dormant →
// incident → detected → responding → resolved, or failed), the end-of-time limit, and one region per
// inject; the phase's end ends the machine.
// Time comes from the actor's clock (SimulatedClock in headless runs): no timers of our own.
import { raise, setup, type AnyStateMachine } from 'xstate';
import { levelRank, type ResponseLevel } from '../twin-assets/protocol';
import type { ActionKind, Scenario } from './schema';

export type ScenarioEvent =
  | { type: 'ALARM_RAISED' }
  | { type: 'ALARM_ACKNOWLEDGED' }
  | { type: 'ACTION'; action: ActionKind }
  | { type: 'HAZARD_SAFE' }
  | { type: 'HAZARD_IGNITED' }
  | { type: 'TIME_UP' }
  /** The incident's alarm is at this grade now. */
  | { type: 'ALARM_LEVEL'; level: ResponseLevel }
  /** The trainer fires an inject before its time: it happens now, and not again at its time. */
  | { type: 'INJECT_NOW'; id: string };

/** What the machine tells the runner: phase changes and injects, as they happen. */
export type ScenarioOutput = { kind: 'phase'; phase: string } | { kind: 'inject'; id: string };

export function compileScenario(scenario: Scenario, out: (o: ScenarioOutput) => void): AnyStateMachine {
  const start = Math.min(...scenario.hazards.map((h) => h.startAfterS)) * 1000;
  const injectRegions = Object.fromEntries(scenario.injects.map((inj) => {
    const fire = { target: 'fired' };
    const early = { INJECT_NOW: { guard: ({ event }: { event: ScenarioEvent }) => event.type === 'INJECT_NOW' && event.id === inj.id, target: 'fired' } };
    const when = inj.when;
    const isAction = (a: ActionKind) => ({ event }: { event: ScenarioEvent }) => event.type === 'ACTION' && event.action === a;
    // A branch: counting from the first alarm, it fires if the action is still not done by then, and is
    // skipped once it is.
    const branch = typeof when === 'object' && 'byS' in when;
    const waiting = inj.atS !== undefined ? { after: { [inj.atS * 1000]: fire }, on: early }
      : when === 'alarm_raised' || when === 'alarm_acknowledged' ? { on: { ...early, [when === 'alarm_raised' ? 'ALARM_RAISED' : 'ALARM_ACKNOWLEDGED']: 'armed' } }
      : typeof when === 'object' && 'alarmLevel' in when ? { on: { ...early, ALARM_LEVEL: { guard: ({ event }: { event: ScenarioEvent }) => event.type === 'ALARM_LEVEL' && levelRank(event.level) >= levelRank(when.alarmLevel), target: 'armed' } } }
      : branch ? { on: { ...early, ALARM_RAISED: 'counting', ACTION: { guard: isAction(when.action), target: 'skipped' } } }
      : { on: { ...early, ACTION: { guard: isAction((when as { action: ActionKind }).action), target: 'armed' } } };
    return [`inject_${inj.id}`, {
      initial: 'waiting',
      states: {
        waiting,
        ...(branch ? {
          counting: { after: { [when.byS * 1000]: 'armed' }, on: { ...early, ACTION: { guard: isAction(when.action), target: 'skipped' } } },
          skipped: { type: 'final' as const },
        } : {}),
        armed: { after: { [inj.afterS * 1000]: fire }, on: early },
        fired: { type: 'final' as const, entry: { type: 'fireInject', params: { id: inj.id } } },
      },
    }];
  }));

  return setup({
    types: { events: {} as ScenarioEvent },
    actions: {
      enterPhase: (_, params: { phase: string }) => out({ kind: 'phase', phase: params.phase }),
      fireInject: (_, params: { id: string }) => out({ kind: 'inject', id: params.id }),
    },
  }).createMachine({
    id: 'scenario',
    initial: 'running',
    states: {
      // Once the phase is resolved or failed the whole machine is done: a late alarm fires no inject.
      running: {
        type: 'parallel',
        states: {
          phase: {
            initial: 'dormant',
            onDone: '#scenario.over',
            on: { TIME_UP: '.failed', HAZARD_IGNITED: '.failed' },
            states: {
              dormant: { entry: { type: 'enterPhase', params: { phase: 'dormant' } }, after: { [start]: 'incident' } },
              incident: { entry: { type: 'enterPhase', params: { phase: 'incident' } }, on: { ALARM_RAISED: 'detected' } },
              detected: { entry: { type: 'enterPhase', params: { phase: 'detected' } }, on: { ALARM_ACKNOWLEDGED: 'responding', ACTION: 'responding', HAZARD_SAFE: 'resolved' } },
              responding: { entry: { type: 'enterPhase', params: { phase: 'responding' } }, on: { HAZARD_SAFE: 'resolved' } },
              resolved: { type: 'final', entry: { type: 'enterPhase', params: { phase: 'resolved' } } },
              failed: { type: 'final', entry: { type: 'enterPhase', params: { phase: 'failed' } } },
            },
          },
          limit: { initial: 'running', states: { running: { after: { [scenario.end.failAfterS * 1000]: { target: 'over', actions: raise({ type: 'TIME_UP' }) } } }, over: { type: 'final' } } },
          ...injectRegions,
        },
      },
      over: { type: 'final' },
    },
  });
}
