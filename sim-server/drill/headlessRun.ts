// A scenario run headless on simulated time: the compiled machine on xstate's SimulatedClock, the
// hazard models stepped each simulated second, their readings through the real alarm engine (an
// exercise TwinCore), and either a scripted response or nobody acting. Same scenario, seed and
// response → the same timeline.
import { createActor, SimulatedClock } from 'xstate';
import { QUANTITIES, type DeviceType } from '../../twin-assets/deviceCatalog';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { hashString, seededRng } from '../../twin-assets/random';
import { compileScenario, type ScenarioEvent } from '../../scenarios/compile';
import { prepareHazards } from '../../scenarios/hazardRuntime';
import type { ActionKind, Scenario } from '../../scenarios/schema';
import { TwinCore } from '../core/twinCore';

export interface TimelineEntry { tS: number; kind: string; text: string }
export interface HeadlessResult {
  outcome: 'resolved' | 'failed' | 'unfinished';
  simulatedS: number;
  timeline: TimelineEntry[];
  objectives: { id: string; action: ActionKind; withinS: number; doneAtS: number | null; met: boolean }[];
  score: { earned: number; possible: number };
}

const READING_EVERY_S = 10;
/** Sensors read with a little noise (the emulators' models do too); a model's exact value would look stuck. */
const SENSOR_NOISE = 0.01;

function withSensorNoise(type: DeviceType, readings: Record<string, number | boolean>, rng: () => number): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [q, v] of Object.entries(readings)) {
    const spec = QUANTITIES[type][q];
    if (typeof v !== 'number' || !spec || spec.kind !== 'number' || spec.integer || v === 0) { out[q] = v; continue; }
    const noisy = v * (1 + (rng() * 2 - 1) * SENSOR_NOISE);
    out[q] = Math.round(Math.min(spec.max, Math.max(spec.min, noisy)) * 100) / 100;
  }
  return out;
}

export async function runHeadless(scenario: Scenario, index: DistrictIndex, rules: RuleSet, opts: { seed: number; respond: 'scripted' | 'none'; startEpochMs?: number }): Promise<HeadlessResult> {
  const runtimes = await prepareHazards(scenario, index);
  const rng = seededRng(opts.seed ^ hashString(scenario.id));
  const epoch = opts.startEpochMs ?? Date.UTC(2026, 10, 23, 0, 0) + minutes(scenario.initial.timeOfDay) * 60_000 - 8 * 3600_000;
  const timeline: TimelineEntry[] = [];
  let tS = 0;
  const note = (kind: string, text: string) => timeline.push({ tS, kind, text });
  let phase = 'dormant';
  const failed = new Set<string>();
  const pendingInjects: string[] = [];
  const machine = compileScenario(scenario, (o) => {
    if (o.kind === 'phase') { phase = o.phase; note('phase', o.phase); }
    else { note('inject', scenario.injects.find((i) => i.id === o.id)!.text.en); pendingInjects.push(o.id); }
  });
  const clock = new SimulatedClock();
  const actor = createActor(machine, { clock });
  const send = (e: ScenarioEvent) => actor.send(e);
  actor.start();
  clock.increment(0); // what is due at once (atS: 0) happens at the start

  const core = new TwinCore(index, rules, true);
  const hazards = runtimes.map((rt) => ({ rt, def: rt.def, started: false }));
  const done = new Map<string, number>();
  // Scripted responders act at a seeded point before each time limit, in the order of those limits
  // (first aid before the handover), each at least 5 s after the one before.
  let last = 0;
  const plan = [...scenario.expected].sort((a, b) => a.withinS - b.withinS).map((e) => {
    last = Math.max(last + 5, Math.round(e.withinS * (0.3 + rng() * 0.4)));
    return { ...e, afterS: last };
  });
  let firstAlarmS: number | null = null;
  let seq = 0;

  const scenarioDevices = new Set(scenario.hazards.flatMap((h) => h.deviceIds));
  const act = (action: ActionKind, by: string) => {
    const now = epoch + tS * 1000;
    const open = core.openAlarms().filter((a) => scenarioDevices.has(a.deviceId));
    const alarm = open[0];
    switch (action) {
      // One acknowledgement covers the incident: every alarm its devices raised (a fire raises several).
      case 'acknowledge': for (const a of open) if (a.state === 'active_unacked' || a.state === 'rtn_unacked') core.acknowledge(a.id, by, now); if (open.length) send({ type: 'ALARM_ACKNOWLEDGED' }); break;
      case 'on_site': if (alarm) for (const t of core.dispatch.tasksOf(alarm.id)) if (t.kind === 'grid_worker') core.updateTask(t.id, 'on_site', by, now); break;
      default: break;
    }
    for (const h of hazards) h.rt.act(action, tS);
    note('action', `${by}: ${action}`);
    send({ type: 'ACTION', action });
  };

  const limitS = scenario.end.failAfterS;
  for (tS = 0; tS <= limitS; tS++) {
    const now = epoch + tS * 1000;
    if (tS > 0) clock.increment(1000);
    // Injects that change the world: a device that fails goes silent, and its last will says so.
    for (const id of pendingInjects.splice(0)) {
      const action = scenario.injects.find((i) => i.id === id)!.action;
      if (action.kind === 'block_lane' && core.dispatch.blockLane(action.edgeId)) note('hazard', `lane ${action.edgeId} blocked`);
      if (action.kind === 'spark') {
        const h = hazards.find((x) => x.def.id === action.hazard);
        if (h?.started && h.rt.spark()) { note('hazard', `${h.def.id} ignites`); send({ type: 'HAZARD_IGNITED' }); }
      }
      if (action.kind === 'device_fails' && !failed.has(action.deviceId)) {
        failed.add(action.deviceId);
        for (const e of core.status(action.deviceId, { online: false, battery: null }, now)) if (e.kind === 'alarm') note('alarm', `${e.type} ${e.alarm.kind} ${e.alarm.level} ${e.alarm.state} at ${e.alarm.deviceId}`);
      }
    }
    for (const h of hazards) {
      if (!h.started && tS >= h.def.startAfterS) { h.started = true; note('hazard', `${h.def.id} starts`); }
      if (!h.started) continue;
      h.rt.step(tS, 1);
      if (tS % READING_EVERY_S === 0) {
        for (const deviceId of h.def.deviceIds) {
          if (failed.has(deviceId)) continue;
          const type = index.devices.get(deviceId)?.type;
          if (!type) continue;
          const events = core.reading(deviceId, { ts: now, tsSource: 'device', seq: ++seq, readings: withSensorNoise(type, h.rt.readingFor(deviceId, tS), rng) }, now);
          for (const e of events) if (e.kind === 'alarm') {
            note('alarm', `${e.type} ${e.alarm.kind} ${e.alarm.level} ${e.alarm.state} at ${e.alarm.deviceId}`);
            if (e.type === 'raised') { firstAlarmS ??= tS; send({ type: 'ALARM_RAISED' }); }
          }
        }
      }
    }
    for (const e of core.tick(now)) if (e.kind === 'alarm') note('alarm', `${e.type} ${e.alarm.kind} ${e.alarm.level} ${e.alarm.state}${e.notify ? `, notify round ${e.notify.round}` : ''}`);
    if (opts.respond === 'scripted' && firstAlarmS !== null) {
      for (const p of plan) if (!done.has(p.id) && tS >= firstAlarmS + p.afterS) { done.set(p.id, tS); act(p.action, roleFor(p.action)); }
    }
    for (const h of hazards) if (h.started) for (const text of h.rt.news?.(tS) ?? []) note('hazard', text);
    const end = scenario.end.resolveWhen;
    const target = hazards.find((h) => h.def.id === end.hazard)!;
    const below = 'belowPercentLel' in end ? end.belowPercentLel : 'belowLevelM' in end ? end.belowLevelM : null;
    const safe = below !== null
      ? target.rt.madeSafe() && (target.rt.measure(tS) ?? 0) < below
      : [...done.keys()].some((id) => scenario.expected.find((e) => e.id === id)?.action === (end as { afterAction: ActionKind }).afterAction);
    if (safe) send({ type: 'HAZARD_SAFE' });
    // Once resolved, scripted responders still finish what they planned (airing the flat, the cordon).
    const planLeft = opts.respond === 'scripted' && plan.some((p) => !done.has(p.id));
    if (phase === 'failed' || (phase === 'resolved' && !planLeft)) break;
  }
  actor.stop();

  const objectives = scenario.expected.map((e) => {
    const doneAtS = done.get(e.id) ?? null;
    return { id: e.id, action: e.action, withinS: e.withinS, doneAtS, met: doneAtS !== null && firstAlarmS !== null && doneAtS - firstAlarmS <= e.withinS };
  });
  const possible = scenario.expected.reduce((s, e) => s + e.weight * scenario.scoring.onTimeWeight, 0) + scenario.scoring.resolvedWeight;
  const earned = objectives.reduce((s, o, i) => s + (o.met ? scenario.expected[i]!.weight * scenario.scoring.onTimeWeight : 0), 0) + (phase === 'resolved' ? scenario.scoring.resolvedWeight : 0);
  return { outcome: phase === 'resolved' || phase === 'failed' ? phase : 'unfinished', simulatedS: tS, timeline, objectives, score: { earned, possible } };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const roleFor = (a: ActionKind) => (a === 'acknowledge' || a.startsWith('call_') ? 'commander' : a === 'first_aid' || a === 'handover_120' ? 'medic' : 'grid_worker');
