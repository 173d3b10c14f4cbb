// A scenario run headless, as fast as the machine goes: a shell around the incident kernel that plays
// the trainer (it starts the drill) and, with a scripted response, the responders — they join at their
// stations like drill players, head for the incident once it is detected, and take each expected action
// at a seeded point before its time limit, as soon as the kernel's role check lets them (so a headless
// run obeys the same rules as a drill). Same scenario, seed and response → the same timeline.
import type { Score } from '../../scenarios/score';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { Role } from '../../twin-assets/protocol';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { Objective, TimelineEntry } from '../../scenarios/scenarioRun';
import { actionRow } from '../../scenarios/actions';
import type { ActionKind, Scenario } from '../../scenarios/schema';
import { Incident, STEPS_PER_S, type IncidentEffect, type IncidentInput } from './incident';

export type { TimelineEntry };
export interface HeadlessResult {
  outcome: 'resolved' | 'failed' | 'unfinished';
  simulatedS: number;
  timeline: TimelineEntry[];
  objectives: Objective[];
  score: Score;
}

/** Who does an action when the response is scripted: someone in the field for what is done on the spot,
 * else the first role allowed to. */
export const roleFor = (a: ActionKind): Role => {
  const { roles, near } = actionRow(a);
  return (near ? roles.find((r) => r !== 'commander') : undefined) ?? roles[0]!;
};

export async function runHeadless(scenario: Scenario, index: DistrictIndex, rules: RuleSet,
  opts: { seed: number; respond: 'scripted' | 'none'; onEffects?: (effects: IncidentEffect[], incident: Incident) => void }): Promise<HeadlessResult> {
  const { incident, effects } = await Incident.create({ drillId: `headless-${scenario.id}`.slice(0, 64), scenario, seed: opts.seed, createdAt: 0, index, rules });
  const feed = (input: IncidentInput) => { const r = incident.step(input); opts.onEffects?.(r.effects, incident); return r.outcome; };
  opts.onEffects?.(effects, incident);
  const run = incident.run;
  // Scripted responders act at a seeded point before each time limit, in the order of those limits
  // (first aid before the handover), each at least 5 s after the one before.
  let last = 0;
  const plan = opts.respond === 'none' ? [] : [...scenario.expected].sort((a, b) => a.withinS - b.withinS).map((e) => {
    last = Math.max(last + 5, Math.round(e.withinS * (0.3 + run.rng() * 0.4)));
    return { ...e, afterS: last };
  });
  const responders = new Map<Role, string>();
  for (const role of new Set(plan.map((p) => roleFor(p.action)))) {
    const joined = feed({ kind: 'join', role, name: 'scripted' });
    if (joined.ok && joined.playerId) responders.set(role, joined.playerId);
  }
  feed({ kind: 'control', by: 'headless (trainer)', role: 'trainer', control: { cmd: 'start' } });

  const done = new Set<string>();
  let setOff = false;
  while (incident.status === 'running') {
    feed({ kind: 'tick' });
    if (incident.ticks % STEPS_PER_S !== 0 || run.firstAlarmS === null) continue;
    if (!setOff) {
      setOff = true;
      for (const [role, id] of responders) if (role !== 'trainer' && role !== 'observer') feed({ kind: 'move', playerId: id, ...incident.site });
    }
    for (const p of plan) {
      const playerId = responders.get(roleFor(p.action))!;
      if (done.has(p.id) || incident.simS < run.firstAlarmS + p.afterS || !incident.check(playerId, p.action).ok) continue;
      done.add(p.id);
      feed({ kind: 'act', playerId, action: p.action });
    }
  }
  const result: HeadlessResult = { outcome: run.ended ? run.phase as 'resolved' | 'failed' : 'unfinished', simulatedS: incident.simS, timeline: run.timeline, objectives: run.objectives(), score: run.score() };
  incident.free();
  return result;
}
