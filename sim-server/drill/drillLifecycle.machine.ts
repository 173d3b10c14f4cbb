// A drill's lifecycle: lobby → briefing → running ⇄ paused → debrief → ended. Only the trainer moves
// it (the guards), the scenario ends it (resolved or failed: straight to the debrief), and the server
// withdraws a drill nobody is in. What happens is emitted, never done here: the kernel turns the
// emitted events into journal records and the room into state.
import { assign, emit, setup, type SnapshotFrom } from 'xstate';
import { DRILL_SPEEDS, type DrillControl, type Role } from '../../twin-assets/protocol';

/** How a drill ended: by the scenario, by the trainer, or withdrawn with nobody in it. */
export type DrillOutcome = 'resolved' | 'failed' | 'ended_by_trainer' | 'abandoned';

export type LifecycleEvent =
  | { type: 'brief' | 'start' | 'pause' | 'resume' | 'end'; role: Role }
  | { type: 'speed'; role: Role; speed: number }
  /** The scenario resolved or failed. */
  | { type: 'scenario_over'; outcome: 'resolved' | 'failed' }
  /** The server's: nobody connected for too long, or everyone has left the debrief. */
  | { type: 'abandon' }
  | { type: 'close' };

export type LifecycleEmitted =
  | { type: 'status'; status: LifecycleStatus }
  | { type: 'speed'; speed: number }
  | { type: 'outcome'; outcome: DrillOutcome };

export type LifecycleStatus = 'lobby' | 'briefing' | 'running' | 'paused' | 'debrief' | 'ended';

const trainer = ({ event }: { event: LifecycleEvent }) => 'role' in event && event.role === 'trainer';
const status = (s: LifecycleStatus) => ({ type: 'status', params: { status: s } }) as const;
const outcome = (o: DrillOutcome) => ({ type: 'outcome', params: { outcome: o } }) as const;
const SPEED = { guard: 'validSpeed', actions: ['setSpeed', 'emitSpeed'] } as const;
const END = { guard: 'trainer', target: 'debrief', actions: outcome('ended_by_trainer') } as const;
const ABANDON = { target: 'ended', actions: outcome('abandoned') } as const;

export const drillLifecycle = setup({
  types: { context: {} as { speed: number }, events: {} as LifecycleEvent, emitted: {} as LifecycleEmitted },
  actions: {
    status: emit((_, p: { status: LifecycleStatus }) => ({ type: 'status', status: p.status }) as const),
    outcome: emit((_, p: { outcome: DrillOutcome }) => ({ type: 'outcome', outcome: p.outcome }) as const),
    scenarioOutcome: emit(({ event }) => ({ type: 'outcome', outcome: (event as { outcome: DrillOutcome }).outcome }) as const),
    setSpeed: assign({ speed: ({ event }) => (event as { speed: number }).speed }),
    emitSpeed: emit(({ event }) => ({ type: 'speed', speed: (event as { speed: number }).speed }) as const),
  },
  guards: {
    trainer,
    validSpeed: ({ event }) => trainer({ event }) && event.type === 'speed' && Number.isInteger(event.speed) && event.speed >= DRILL_SPEEDS.min && event.speed <= DRILL_SPEEDS.max,
  },
}).createMachine({
  id: 'drillLifecycle',
  context: { speed: 1 },
  initial: 'lobby',
  states: {
    lobby: { entry: status('lobby'), on: { speed: SPEED, brief: { guard: 'trainer', target: 'briefing' }, start: { guard: 'trainer', target: 'running' }, end: END, abandon: ABANDON } },
    briefing: { entry: status('briefing'), on: { speed: SPEED, start: { guard: 'trainer', target: 'running' }, end: END, abandon: ABANDON } },
    running: { entry: status('running'), on: { speed: SPEED, pause: { guard: 'trainer', target: 'paused' }, end: END, scenario_over: { target: 'debrief', actions: 'scenarioOutcome' } } },
    paused: { entry: status('paused'), on: { speed: SPEED, resume: { guard: 'trainer', target: 'running' }, end: END, abandon: ABANDON } },
    // The outcome is known; players read it, the trainer leads the review. The trainer's "end" (or everyone leaving) closes it.
    debrief: { entry: status('debrief'), on: { end: { guard: 'trainer', target: 'ended' }, close: 'ended', abandon: 'ended' } },
    ended: { type: 'final', entry: status('ended') },
  },
});

const COMMANDS = ['brief', 'start', 'pause', 'resume', 'end', 'speed'] as const;
/** The controls the lifecycle takes (skipping ahead is the session's: ticks, not a change of state). */
export type LifecycleControl = Exclude<DrillControl, { cmd: 'skip' }>;
/** The trainer's command as the machine's event (a speed it would take, to ask about speed at all). */
export const trainerEvent = (c: LifecycleControl): LifecycleEvent => (c.cmd === 'speed' ? { type: 'speed', role: 'trainer', speed: c.speed } : { type: c.cmd, role: 'trainer' });
/** Which of the trainer's commands the machine takes now (its own transitions, asked with `can`), for a refusal that says what would work. */
export const trainerCommands = (snapshot: SnapshotFrom<typeof drillLifecycle>): LifecycleControl['cmd'][] =>
  COMMANDS.filter((cmd) => snapshot.can(trainerEvent(cmd === 'speed' ? { cmd, speed: DRILL_SPEEDS.min } : { cmd })));
