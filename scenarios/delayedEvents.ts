// A scenario machine's pending `after` delays, kept across a drill's kernel snapshot. XState 5 leaves them out
// of a persisted snapshot (a restored machine never fires them), and its system notes each one's start in
// wall-clock time (Date.now()), which means nothing on a SimulatedClock. So the run notes each delay's start
// in simulated time as it is scheduled, a snapshot keeps what is left of each, and a restored machine gets
// them back for that long. This reaches into XState's system (5.x: `scheduler`, `_snapshot._scheduledEvents`);
// sim-server/drill/kernelSnapshot.test.ts fails if an upgrade changes it.
import type { AnyActorRef, SimulatedClock } from 'xstate';

interface Scheduled { source: AnyActorRef; target: AnyActorRef; event: unknown; delay: number; id: string; startedAt: number; simStartedAt?: number }
interface SchedulingSystem {
  scheduler: { schedule(source: AnyActorRef, target: AnyActorRef, event: unknown, delay: number, id?: string): void };
  _snapshot: { _scheduledEvents: Record<string, Scheduled> };
}

/** A delayed event still to come: `leftMs` of simulated time from the snapshot. */
export interface PendingDelay { id: string; event: unknown; leftMs: number }

const systemOf = (actor: AnyActorRef) => actor.system as unknown as SchedulingSystem;

/** Before `start`: notes the simulated start of every delay the actor schedules, and schedules `pending` (from a
 * snapshot) for what was left of them; the system sets them going when the actor starts. */
export function trackDelays(actor: AnyActorRef, clock: SimulatedClock, pending: PendingDelay[] = []): void {
  const system = systemOf(actor);
  const schedule = system.scheduler.schedule;
  system.scheduler.schedule = (...args) => {
    schedule(...args);
    for (const e of Object.values(system._snapshot._scheduledEvents)) e.simStartedAt ??= clock.now();
  };
  for (const p of pending) {
    system._snapshot._scheduledEvents[`${actor.sessionId}.${p.id}`] = { source: actor, target: actor, event: p.event, delay: p.leftMs, id: p.id, startedAt: 0 };
  }
}

/** The delays pending now, in the order they were scheduled (which orders two that fall due together). */
export function pendingDelays(actor: AnyActorRef, clock: SimulatedClock): PendingDelay[] {
  return Object.values(systemOf(actor)._snapshot._scheduledEvents).map((e) => {
    if (e.source !== actor || e.target !== actor || e.simStartedAt === undefined) throw new Error(`the delayed event "${e.id}" was not scheduled by the scenario's machine on its own clock`);
    return { id: e.id, event: e.event, leftMs: e.simStartedAt + e.delay - clock.now() };
  });
}
