// A scenario in motion, one simulated second at a time: the compiled machine on xstate's
// SimulatedClock, the hazard models, the injects, the responders' actions and the objectives they
// meet. It produces device readings and world changes; the incident kernel (sim-server/drill/incident.ts)
// carries them to the alarm engine. Pure: no clock, no sockets; randomness from a seed.
import { createActor, SimulatedClock, type Actor, type AnyStateMachine, type Snapshot } from 'xstate';
import { QUANTITIES, type DeviceType } from '../twin-assets/deviceCatalog';
import { deviceName, householdName, type DistrictIndex } from '../twin-assets/districtIndex';
import { hashString, seededRng, type SeededRng } from '../twin-assets/random';
import { byLabel, PHASE_LABELS, type Text } from '../twin-assets/labels';
import { ACTION_TABLE } from './actions';
import { HAZARDS } from './hazards/registry';
import type { ResponseLevel, Role } from '../twin-assets/protocol';
import { compileScenario, type ScenarioEvent } from './compile';
import { pendingDelays, trackDelays, type PendingDelay } from './delayedEvents';
import { prepareHazards, type HazardRuntime, type Readings } from './hazardRuntime';
import type { HazardView } from './hazardView';
import type { ActionKind, Scenario } from './schema';
import { scoreOf, type Score } from './score';

/** `text` in English (what logs and the CLI print), `zh` the same in Chinese. */
export interface TimelineEntry { tS: number; kind: string; text: string; zh: string }
export type Phase = 'dormant' | 'incident' | 'detected' | 'responding' | 'resolved' | 'failed';
export interface Objective { id: string; action: ActionKind; withinS: number; doneAtS: number | null; met: boolean }

/** What the world must do after a simulated second. */
export type WorldChange =
  | { kind: 'reading'; deviceId: string; readings: Readings }
  | { kind: 'device_fails'; deviceId: string }
  | { kind: 'block_lane'; edgeId: string }
  | { kind: 'message'; to: Role | 'all'; text: { zh: string; en: string } };

export const READING_EVERY_S = 10;
/** Sensors read with a little noise (the emulators' models do too); a model's exact value would look stuck. */
const SENSOR_NOISE = 0.01;

function withSensorNoise(type: DeviceType, readings: Readings, rng: () => number): Readings {
  const out: Readings = {};
  for (const [q, v] of Object.entries(readings)) {
    const spec = QUANTITIES[type][q];
    if (typeof v !== 'number' || !spec || spec.kind !== 'number' || spec.integer || v === 0) { out[q] = v; continue; }
    const noisy = v * (1 + (rng() * 2 - 1) * SENSOR_NOISE);
    out[q] = Math.round(Math.min(spec.max, Math.max(spec.min, noisy)) * 100) / 100;
  }
  return out;
}

export class ScenarioRun {
  tS = 0;
  phase: Phase = 'dormant';
  firstAlarmS: number | null = null;
  readonly timeline: TimelineEntry[] = [];
  /** Expected action id → the second it was first done. */
  readonly done = new Map<string, number>();
  readonly rng: SeededRng;
  private readonly machine: AnyStateMachine;
  private actor!: Actor<AnyStateMachine>;
  private clock!: SimulatedClock;
  private readonly hazards: { rt: HazardRuntime; started: boolean }[];
  private readonly failed = new Set<string>();
  private readonly pendingInjects: string[] = [];
  /** Households that do not answer the phone (an inject). */
  private readonly noAnswer = new Set<string>();
  private readonly actionsDone = new Set<ActionKind>();

  static async start(scenario: Scenario, index: DistrictIndex, seed: number): Promise<ScenarioRun> {
    return new ScenarioRun(scenario, index, seed, await prepareHazards(scenario, index));
  }

  private constructor(readonly scenario: Scenario, private readonly index: DistrictIndex, seed: number, runtimes: HazardRuntime[]) {
    this.rng = seededRng(seed ^ hashString(scenario.id));
    this.hazards = runtimes.map((rt) => ({ rt, started: false }));
    this.machine = compileScenario(scenario, (o) => {
      if (o.kind === 'phase') { this.phase = o.phase as Phase; this.note('phase', { en: o.phase, zh: PHASE_LABELS[o.phase]?.zh ?? o.phase }); }
      else { this.note('inject', scenario.injects.find((i) => i.id === o.id)!.text); this.pendingInjects.push(o.id); }
    });
    this.startMachine();
    this.clock.increment(0); // what is due at once (atS: 0) happens at the start
  }

  /** The machine on a clock at the run's second: new, or as a snapshot left it with its pending delays. */
  private startMachine(from?: { snapshot: Snapshot<unknown>; delays: PendingDelay[] }): void {
    this.clock = new SimulatedClock();
    this.clock.set(this.tS * 1000);
    this.actor = createActor(this.machine, { clock: this.clock, ...(from ? { snapshot: from.snapshot } : {}) });
    trackDelays(this.actor, this.clock, from?.delays);
    this.actor.start();
  }

  /** What changes as it runs, for a drill's kernel snapshot: the hazards' state (plain data), the machine and its
   * pending delays, the generator's state. The scenario, district and prepared hazards are made again. */
  saveState() {
    const { tS, phase, firstAlarmS, timeline, done, failed, pendingInjects, noAnswer, actionsDone } = this;
    return {
      tS, phase, firstAlarmS, timeline, done, failed, pendingInjects, noAnswer, actionsDone, rng: this.rng.state,
      hazards: this.hazards.map((h) => ({ state: h.rt.state, started: h.started })),
      machine: { snapshot: this.actor.getPersistedSnapshot(), delays: pendingDelays(this.actor, this.clock) },
    };
  }

  loadState({ rng, hazards, machine, ...own }: ReturnType<ScenarioRun['saveState']>): void {
    this.actor.stop();
    Object.assign(this, own);
    this.rng.state = rng;
    hazards.forEach((h, i) => { this.hazards[i]!.rt.state = h.state; this.hazards[i]!.started = h.started; });
    this.startMachine(machine);
  }

  get ended(): boolean { return this.phase === 'resolved' || this.phase === 'failed'; }

  note(kind: string, text: Text): void { this.timeline.push({ tS: this.tS, kind, text: text.en, zh: text.zh }); }

  /** Once resolved or failed the machine is done: later events have nowhere to go. */
  private send(e: ScenarioEvent): void { if (this.actor.getSnapshot().status === 'active') this.actor.send(e); }

  /** The alarm engine raised an alarm for one of the scenario's devices. */
  alarmRaised(): void { this.firstAlarmS ??= this.tS; this.send({ type: 'ALARM_RAISED' }); }
  alarmAcknowledged(): void { this.send({ type: 'ALARM_ACKNOWLEDGED' }); }
  /** The incident's alarm is at this grade (raised, or regraded): conditions on a grade are met. */
  alarmLevel(level: ResponseLevel): void { this.send({ type: 'ALARM_LEVEL', level }); }

  /** The scenario's devices: the ones whose alarms belong to this incident. */
  deviceIds(): Set<string> { return new Set(this.scenario.hazards.flatMap((h) => h.deviceIds)); }

  /** A call to a household (the first at home unless one is named): who answers; null with nobody to call. */
  phone(householdId?: string): Text | null {
    const household = householdId ?? this.scenario.initial.atHome[0];
    if (!household) return null;
    // The flat, not who lives there: everyone in a drill hears this, guests without a login too.
    const name = { en: householdName(this.index, household, 'en', false), zh: householdName(this.index, household, 'zh', false) };
    return this.noAnswer.has(household) ? { en: `no answer from ${name.en}`, zh: `${name.zh} 无人接听` } : { en: `${name.en} answered`, zh: `${name.zh} 已接听` };
  }

  knowsHousehold(householdId: string): boolean { return this.index.households.has(householdId); }

  /** An action taken by a responder, with what it achieved (the action table's effect): every hazard reacts
   * (its `on`), the objectives and the timeline note it, and the scenario's machine hears of it. */
  act(action: ActionKind, by: string, outcome: Text | null = null): void {
    for (const h of this.hazards) h.rt.act(action, this.tS);
    this.actionsDone.add(action);
    const expected = this.scenario.expected.find((e) => e.action === action && !this.done.has(e.id));
    if (expected) this.done.set(expected.id, this.tS);
    this.note('action', { en: `${by}: ${action}${outcome ? ` (${outcome.en})` : ''}`, zh: `${byLabel(by, 'zh')}：${ACTION_TABLE[action].names.zh}${outcome ? `（${outcome.zh}）` : ''}` });
    this.tellNews();
    this.send({ type: 'ACTION', action });
  }

  hasDone(action: ActionKind): boolean { return this.actionsDone.has(action); }

  /** What the twin draws of each hazard that has started. */
  hazardViews(): HazardView[] { return this.hazards.filter((h) => h.started).map((h) => h.rt.view(this.tS)); }

  /** One simulated second on. Returns readings due now and the injects that change the world. */
  advance(): WorldChange[] {
    const out: WorldChange[] = [];
    this.tS++;
    this.clock.increment(1000);
    out.push(...this.takeInjects());
    for (const h of this.hazards) {
      if (!h.started && this.tS >= h.rt.def.startAfterS) { h.started = true; this.note('hazard', { en: `${h.rt.def.id} starts`, zh: `${HAZARDS.name(h.rt.def.model).zh}开始` }); }
      if (!h.started) continue;
      h.rt.step(this.tS, 1);
      if (this.tS % READING_EVERY_S === 0) {
        for (const deviceId of h.rt.def.deviceIds) {
          const type = this.index.devices.get(deviceId)?.type;
          if (this.failed.has(deviceId) || !type) continue;
          out.push({ kind: 'reading', deviceId, readings: withSensorNoise(type, h.rt.readingFor(deviceId, this.tS), this.rng) });
        }
      }
    }
    this.tellNews();
    if (this.isSafe()) this.send({ type: 'HAZARD_SAFE' });
    return out;
  }

  private tellNews(): void {
    for (const h of this.hazards) if (h.started) for (const text of h.rt.news(this.tS)) this.note('hazard', text);
  }

  /** A scenario inject fired now by the trainer, rather than at its time; null when it has happened already
   * (each happens once: the machine's inject region is final once fired, early or on time). */
  injectNow(id: string): WorldChange[] | null {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active' || (snapshot.value as { running: Record<string, string> }).running[`inject_${id}`] === 'fired') return null;
    this.send({ type: 'INJECT_NOW', id });
    return this.takeInjects();
  }

  private takeInjects(): WorldChange[] {
    const out: WorldChange[] = [];
    for (const id of this.pendingInjects.splice(0)) {
      const { action, text } = this.scenario.injects.find((i) => i.id === id)!;
      if (action.kind === 'block_lane') out.push({ kind: 'block_lane', edgeId: action.edgeId });
      if (action.kind === 'resident_no_answer') this.noAnswer.add(action.householdId);
      if (action.kind === 'message') out.push({ kind: 'message', to: action.to, text });
      if (action.kind === 'spark') {
        const h = this.hazards.find((x) => x.rt.def.id === action.hazard);
        if (h?.started && h.rt.spark()) { this.note('hazard', { en: `${h.rt.def.id} ignites`, zh: `${HAZARDS.name(h.rt.def.model).zh}：起火` }); this.send({ type: 'HAZARD_IGNITED' }); }
      }
      if (action.kind === 'device_fails') out.push(...this.failDevice(action.deviceId));
      if (action.kind === 'opening') this.hazards.find((x) => x.rt.def.id === action.hazard)?.rt.open(action.what, action.open);
    }
    return out;
  }

  /** A device that fails goes silent (an inject from the scenario, or the trainer's). */
  failDevice(deviceId: string): WorldChange[] {
    if (this.failed.has(deviceId) || !this.index.devices.has(deviceId)) return [];
    this.failed.add(deviceId);
    this.note('inject', { en: `${deviceId} fails`, zh: `${deviceName(this.index, deviceId, 'zh')} 故障离线` });
    return [{ kind: 'device_fails', deviceId }];
  }

  private isSafe(): boolean {
    const end = this.scenario.end.resolveWhen;
    const target = this.hazards.find((h) => h.rt.def.id === end.hazard)!;
    if ('afterAction' in end) return [end.afterAction].flat().every((a) => this.actionsDone.has(a));
    const below = 'belowPercentLel' in end ? end.belowPercentLel : end.belowLevelM;
    return target.rt.madeSafe() && (target.rt.measure(this.tS) ?? 0) < below;
  }

  objectives(): Objective[] {
    return this.scenario.expected.map((e) => {
      const doneAtS = this.done.get(e.id) ?? null;
      return { id: e.id, action: e.action, withinS: e.withinS, doneAtS, met: doneAtS !== null && this.firstAlarmS !== null && doneAtS - this.firstAlarmS <= e.withinS };
    });
  }

  score(): Score {
    return scoreOf(this.scenario, this.done, this.firstAlarmS, this.phase === 'resolved');
  }

  stop(): void { this.actor.stop(); }
}
