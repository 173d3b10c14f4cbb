// A scenario run headless on simulated time: the scenario's run (scenarios/scenarioRun.ts) stepped
// each simulated second, its readings through the real alarm engine (an exercise TwinCore), and
// either a scripted response or nobody acting. Same scenario, seed and response → the same timeline.
import type { Score } from '../../scenarios/score';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { ScenarioRun, type Objective, type TimelineEntry } from '../../scenarios/scenarioRun';
import type { ActionKind, Scenario } from '../../scenarios/schema';
import { TwinCore, type TwinEvent } from '../core/twinCore';

export type { TimelineEntry };
export interface HeadlessResult {
  outcome: 'resolved' | 'failed' | 'unfinished';
  simulatedS: number;
  timeline: TimelineEntry[];
  objectives: Objective[];
  score: Score;
}

/** The simulated epoch of a scenario: its time of day (China Standard Time) on a fixed date. */
export function scenarioEpoch(scenario: Scenario): number {
  const [h, m] = scenario.initial.timeOfDay.split(':').map(Number);
  return Date.UTC(2026, 10, 23, 0, 0) + (h! * 60 + m!) * 60_000 - 8 * 3600_000;
}

export const alarmText = (e: Extract<TwinEvent, { kind: 'alarm' }>) => `${e.type} ${e.alarm.kind} ${e.alarm.level} ${e.alarm.state}${e.notify && e.type !== 'raised' ? `, notify round ${e.notify.round}` : ''} at ${e.alarm.deviceId}`;

/** Who does what when the response is scripted. */
export const roleFor = (a: ActionKind) => (a === 'acknowledge' || a.startsWith('call_') ? 'commander' : a === 'first_aid' || a === 'handover_120' || a === 'use_aed' ? 'medic' : 'grid_worker');

export async function runHeadless(scenario: Scenario, index: DistrictIndex, rules: RuleSet, opts: { seed: number; respond: 'scripted' | 'none'; startEpochMs?: number }): Promise<HeadlessResult> {
  const run = await ScenarioRun.start(scenario, index, opts.seed);
  const epoch = opts.startEpochMs ?? scenarioEpoch(scenario);
  const core = new TwinCore(index, rules, true);
  const scenarioDevices = run.deviceIds();
  // Scripted responders act at a seeded point before each time limit, in the order of those limits
  // (first aid before the handover), each at least 5 s after the one before.
  let last = 0;
  const plan = [...scenario.expected].sort((a, b) => a.withinS - b.withinS).map((e) => {
    last = Math.max(last + 5, Math.round(e.withinS * (0.3 + run.rng() * 0.4)));
    return { ...e, afterS: last };
  });
  const planned = new Set<string>();
  let seq = 0;

  const noteAlarms = (events: TwinEvent[]) => {
    for (const e of events) if (e.kind === 'alarm') {
      run.note('alarm', alarmText(e));
      if (e.type === 'raised' && scenarioDevices.has(e.alarm.deviceId)) run.alarmRaised();
    }
  };
  const act = (action: ActionKind, by: string) => {
    const now = epoch + run.tS * 1000;
    const open = core.openAlarms().filter((a) => scenarioDevices.has(a.deviceId));
    // One acknowledgement covers the incident: every alarm its devices raised (a fire raises several).
    if (action === 'acknowledge') {
      for (const a of open) if (a.state === 'active_unacked' || a.state === 'rtn_unacked') core.acknowledge(a.id, by, now);
      if (open.length) run.alarmAcknowledged();
    }
    if (action === 'on_site' && open[0]) for (const t of core.dispatch.tasksOf(open[0].id)) if (t.kind === 'grid_worker') core.updateTask(t.id, 'on_site', by, now);
    run.act(action, by);
  };

  const limitS = scenario.end.failAfterS;
  while (run.tS < limitS) {
    const changes = run.advance();
    const now = epoch + run.tS * 1000;
    for (const c of changes) {
      if (c.kind === 'reading') noteAlarms(core.reading(c.deviceId, { ts: now, tsSource: 'device', seq: ++seq, readings: c.readings }, now));
      else if (c.kind === 'device_fails') noteAlarms(core.status(c.deviceId, { online: false, battery: null }, now)); // its last will
      else if (c.kind === 'block_lane' && core.dispatch.blockLane(c.edgeId)) run.note('hazard', `lane ${c.edgeId} blocked`);
    }
    noteAlarms(core.tick(now));
    if (opts.respond === 'scripted' && run.firstAlarmS !== null) {
      for (const p of plan) if (!planned.has(p.id) && run.tS >= run.firstAlarmS + p.afterS) { planned.add(p.id); act(p.action, roleFor(p.action)); }
    }
    // Once resolved, scripted responders still finish what they planned (airing the flat, the cordon).
    const planLeft = opts.respond === 'scripted' && plan.some((p) => !planned.has(p.id));
    if (run.phase === 'failed' || (run.phase === 'resolved' && !planLeft)) break;
  }
  run.stop();
  return { outcome: run.ended ? run.phase as 'resolved' | 'failed' : 'unfinished', simulatedS: run.tS, timeline: run.timeline, objectives: run.objectives(), score: run.score() };
}
