// The incident kernel: one drill or headless run as data in, data out. Each input (a tick of simulated
// time, a player's action, the trainer's control or inject) goes through `step`, which changes the
// incident and returns its effects (journal records, alarm events, readings to publish, messages for
// roles) and the answer for whoever asked. No IO, no wall clock: time is the count of ticks, randomness
// comes from the seed, so the same inputs give the same journal, in a drill room, a headless run or a
// replay. The scenario's readings are made, encoded and decoded here, as a device's would be, and go
// through the real alarm engine (an exercise TwinCore) in the same step.
//
// The state is advanced in place (it holds a rapier world and two XState actors, which are not cheap to
// copy); `step` is the only thing that changes it, and the shells only read it.
import { createActor, type Actor, type Snapshot } from 'xstate';
import { topicsFor } from '../../bridge/topics';
import { deviceName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { ALARM_EVENT_LABELS, ALARM_STATE_LABELS, byLabel, CONTROL_LABELS, DRILL_NOT_RUNNING, DRILL_STATUS_LABELS, kindLabel, LEVEL_LABELS, PRESENCE_LABELS, ROLE_LABELS, TASK_LABELS, type Text } from '../../twin-assets/labels';
import { DRILL_SPEEDS, type DrillControl, type DrillInject, type Role } from '../../twin-assets/protocol';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { ScenarioRun, type WorldChange } from '../../scenarios/scenarioRun';
import { ACTIONS, actionRow, MAX_TEXT, TASK_KIND_OF, type ActionCall, type ActionKernel, type ActionKind } from '../../scenarios/actions';
import type { Scenario } from '../../scenarios/schema';
import type { Task } from '../core/dispatch';
import { TwinCore, type TwinEvent } from '../core/twinCore';
import { DeviceIngest } from '../deviceIngest';
import { AvatarWorld, distanceToFootprint, type Travel } from './avatars';
import { drillLifecycle, trainerCommands, trainerEvent, type DrillOutcome, type LifecycleControl, type LifecycleStatus } from './drillLifecycle.machine';
import type { DrillRecord } from './drillLog';
import { checkAction, type Check } from './roleActions';

/** One tick of simulated time. Avatars move each tick; the scenario and the alarm engine each second. */
export const STEP_MS = 250;
export const STEPS_PER_S = 1000 / STEP_MS;

export type IncidentInput =
  | { kind: 'tick' }
  /** `who`: the person's account id, or a guest's id: one seat each, and a rejoin takes the same one. */
  | { kind: 'join'; role: Role; name: string; who?: string }
  | { kind: 'connection'; playerId: string; connected: boolean }
  /** Gone before the drill began: no figure of theirs is left behind. */
  | { kind: 'leave'; playerId: string }
  | { kind: 'control'; by: string; role: Role; control: LifecycleControl }
  | { kind: 'move'; playerId: string; x: number; y: number }
  | { kind: 'act'; playerId: string; action: string; text?: string; householdId?: string }
  | { kind: 'task'; playerId: string; taskId: string; state: 'en_route' | 'done' }
  | { kind: 'inject'; by: string; inject: DrillInject }
  | { kind: 'say'; by: string; to: Role | 'all'; text: string }
  /** A message a device (or a replayed recording) sent on the drill's MQTT tree: the bytes, base64. */
  | { kind: 'device'; topic: string; payload64: string }
  /** The server's: nobody has been in the drill for too long, or everyone has left its debrief. */
  | { kind: 'abandon' }
  | { kind: 'close' };

export type IncidentEffect =
  | { kind: 'record'; record: DrillRecord }
  /** What the alarm engine did, at `now` (epoch ms of simulated time): CAP, notifications, the room's state. */
  | { kind: 'twin'; events: TwinEvent[]; now: number }
  /** A device message on the drill's MQTT tree, for observers (the kernel has already taken it in). */
  | { kind: 'publish'; topic: string; payload: string; qos: 0 | 1 }
  /** `zh` when the text has a Chinese version (the scenario's messages). */
  | { kind: 'notice'; to: Role | 'all'; from: string; text: string; zh?: string };

/** What an input came to, in both interface languages. */
export type Outcome = { ok: true; outcome: Text; playerId?: string } | { ok: false; reason: Text };
export interface StepResult { outcome: Outcome; effects: IncidentEffect[] }

export interface Player { id: string; role: Role; name: string; travel: Travel | null; connected: boolean; carriesAed: boolean; who?: string }
export interface Casualty { id: string; x: number; y: number; text: string; treated: boolean }

/** `team`: who the drill is for; `createdBy`: the name of who created it (both absent in headless runs and older journals). */
export interface IncidentSetup { drillId: string; scenario: Scenario; seed: number; createdAt: number; index: DistrictIndex; rules: RuleSet; team?: string; createdBy?: string }
/** A kernel's setup from what a `created` record (or any setup) holds: the setup's own fields only, the optional ones
 * only when present, so a drill, its resume and its replay start the same kernel. */
export function setupOf(s: Pick<IncidentSetup, 'drillId' | 'scenario' | 'seed' | 'createdAt' | 'team' | 'createdBy'>, index: DistrictIndex, rules: RuleSet): IncidentSetup {
  return { drillId: s.drillId, scenario: s.scenario, seed: s.seed, createdAt: s.createdAt, index, rules, ...(s.team ? { team: s.team } : {}), ...(s.createdBy ? { createdBy: s.createdBy } : {}) };
}

const say = (en: string, zh: string): Text => ({ en, zh });
const round1 = (v: number) => Math.round(v * 10) / 10;

/** The simulated epoch of a scenario: its time of day (China Standard Time) on a fixed date. */
export function scenarioEpoch(scenario: Scenario): number {
  const [h, m] = scenario.initial.timeOfDay.split(':').map(Number);
  return Date.UTC(2026, 10, 23, 0, 0) + (h! * 60 + m!) * 60_000 - 8 * 3600_000;
}

/** "报警 燃气泄漏 Ⅲ级（较大） 报警未确认 · 纺织厂老院落 1栋 3层 1-301 可燃气体探测器" */
export const alarmTextZh = (e: Extract<TwinEvent, { kind: 'alarm' }>, index: DistrictIndex) =>
  `${(ALARM_EVENT_LABELS[e.type] ?? ALARM_EVENT_LABELS.raised!).zh} ${kindLabel(e.alarm.kind).zh} ${LEVEL_LABELS[e.alarm.level].zh} ${ALARM_STATE_LABELS[e.alarm.state]?.zh ?? ''}${e.notify && e.type !== 'raised' ? `，第${e.notify.round}轮通知` : ''} · ${deviceName(index, e.alarm.deviceId, 'zh')}`;
export const alarmText = (e: Extract<TwinEvent, { kind: 'alarm' }>) => `${e.type} ${e.alarm.kind} ${e.alarm.level} ${e.alarm.state}${e.notify && e.type !== 'raised' ? `, notify round ${e.notify.round}` : ''} at ${e.alarm.deviceId}`;

export class Incident implements ActionKernel<TwinEvent> {
  /** Ticks since the drill was created. */
  ticks = 0;
  status: LifecycleStatus = 'lobby';
  speed = 1;
  outcome: DrillOutcome | null = null;
  readonly players = new Map<string, Player>();
  /** Players ever seated: ids stay unique when one leaves the lobby. */
  private playersJoined = 0;
  readonly casualties = new Map<string, Casualty>();
  readonly epoch: number;
  readonly core: TwinCore;
  private lifecycle!: Actor<typeof drillLifecycle>;
  private readonly topics;
  private readonly sites: { x: number; y: number; building?: { x: number; y: number; width: number; depth: number } }[];
  private readonly deviceIds: Set<string>;
  /** Device messages in, the scenario's own readings and a recording's alike (deviceIngest.ts). */
  private readonly ingest: DeviceIngest;
  private seq = 0;
  private timelineSeen = 0;
  /** Effects of the step being taken; the lifecycle's emitted events land here too. */
  private out: IncidentEffect[] = [];

  /** A new incident, and its first record (what it is: the scenario, seed and when it was made). */
  static async create(s: IncidentSetup): Promise<{ incident: Incident; effects: IncidentEffect[] }> {
    const [run, avatars] = await Promise.all([ScenarioRun.start(s.scenario, s.index, s.seed), AvatarWorld.create(s.index.district)]);
    const incident = new Incident(s, run, avatars);
    return { incident, effects: incident.takeEffects() };
  }

  private constructor(readonly setup: IncidentSetup, readonly run: ScenarioRun, readonly avatars: AvatarWorld) {
    const { scenario, index } = setup;
    this.epoch = scenarioEpoch(scenario);
    this.core = new TwinCore(index, setup.rules, true);
    this.topics = topicsFor({ kind: 'drill', drillId: setup.drillId }, index.district.id);
    this.deviceIds = run.deviceIds();
    this.ingest = new DeviceIngest(index, this.core, { kind: 'drill', drillId: setup.drillId });
    this.sites = scenario.hazards.flatMap((h) => h.deviceIds).map((id) => {
      const d = index.devices.get(id);
      const building = d?.buildingId ? index.buildings.get(d.buildingId) : undefined;
      return { x: d?.position.x ?? 0, y: d?.position.y ?? 0, ...(building ? { building } : {}) };
    });
    this.record({ t: 'created', simS: 0, drillId: setup.drillId, scenario, seed: setup.seed, epoch: this.epoch, createdAt: setup.createdAt, ...(setup.team ? { team: setup.team } : {}), ...(setup.createdBy ? { createdBy: setup.createdBy } : {}) });
    this.startLifecycle();
    this.syncTimeline();
  }

  /** The drill's lifecycle machine, new or as a snapshot left it (it has no delays: time is the kernel's ticks). */
  private startLifecycle(snapshot?: Snapshot<unknown>): void {
    this.lifecycle = createActor(drillLifecycle, snapshot ? { snapshot } : {});
    this.lifecycle.on('status', (e) => { this.status = e.status; });
    this.lifecycle.on('speed', (e) => { this.speed = e.speed; });
    this.lifecycle.on('outcome', (e) => { this.outcome = e.outcome; this.record({ t: 'end', simS: this.simS, outcome: e.outcome }); });
    this.lifecycle.start();
  }

  /** Everything that changes as the drill runs, between two steps: what kernelSnapshot.ts writes down. The rest —
   * the scenario, the district, the prepared hazards, the buildings in the physics world — is made again. */
  saveState() {
    const { ticks, status, speed, outcome, players, playersJoined, casualties, seq, timelineSeen } = this;
    return {
      ticks, status, speed, outcome, players, playersJoined, casualties, seq, timelineSeen,
      lifecycle: this.lifecycle.getPersistedSnapshot(), run: this.run.saveState(), core: this.core.saveState(), ingest: this.ingest.saveState(), avatars: this.avatars.saveState(),
    };
  }

  loadState({ lifecycle, run, core, ingest, avatars, ...own }: ReturnType<Incident['saveState']>): void {
    this.lifecycle.stop();
    Object.assign(this, own);
    this.startLifecycle(lifecycle);
    this.run.loadState(run);
    this.core.loadState(core);
    this.ingest.loadState(ingest);
    this.avatars.loadState(avatars);
    this.out = [];
  }

  get drillId(): string { return this.setup.drillId; }
  get scenario(): Scenario { return this.setup.scenario; }
  get simS(): number { return Math.floor(this.ticks / STEPS_PER_S); }
  /** Simulated time as epoch ms: what the alarm engine and CAP see. */
  get now(): number { return this.epoch + this.ticks * STEP_MS; }
  /** Over: the outcome is known (the debrief) or the drill has ended. */
  get over(): boolean { return this.status === 'debrief' || this.status === 'ended'; }

  /** The one way anything changes. Every input but a tick is recorded first, so the journal replays;
   * `recorded`: the shell has already written its record (a control must be on disk before it acts). */
  step(input: IncidentInput, opts: { recorded?: boolean } = {}): StepResult {
    if (input.kind !== 'tick' && !opts.recorded) this.record(this.inputRecord(input));
    const outcome = this.apply(input);
    this.syncTimeline();
    return { outcome, effects: this.takeEffects() };
  }

  /** The journal's record of an input arriving now: what a replay feeds back at the same tick. */
  inputRecord(input: IncidentInput): DrillRecord { return { t: 'input', step: this.ticks, input }; }

  private takeEffects(): IncidentEffect[] { const e = this.out; this.out = []; return e; }

  private apply(input: IncidentInput): Outcome {
    switch (input.kind) {
      case 'tick': return this.tick();
      case 'join': return this.join(input.role, input.name, input.who);
      case 'leave': return this.leave(input.playerId);
      case 'connection': return this.setConnected(input.playerId, input.connected);
      case 'control': return this.control(input.by, input.role, input.control);
      case 'move': return this.move(input.playerId, input.x, input.y);
      case 'act': return this.act(input.playerId, input.action, input);
      case 'task': return this.task(input.playerId, input.taskId, input.state);
      case 'inject': return this.inject(input.by, input.inject);
      case 'say': return this.say(input.by, input.to, input.text);
      case 'device': return this.device(input.topic, Buffer.from(input.payload64, 'base64'));
      case 'abandon': case 'close': {
        const before = this.status;
        this.lifecycle.send({ type: input.kind });
        if (this.status === before) return { ok: false, reason: say(`a drill that is ${before} stays`, `演练保持“${DRILL_STATUS_LABELS[before].zh}”`) };
        return { ok: true, outcome: say(this.status, DRILL_STATUS_LABELS[this.status].zh) };
      }
    }
  }

  private record(r: DrillRecord): void { this.out.push({ kind: 'record', record: r }); }

  // ---- people ----

  /** A new player, or the same one back: the same person (`who`), or, in journals from before accounts, the
   * same role and name not connected. Same place, same AED. */
  private join(role: Role, name: string, who?: string): Outcome {
    for (const p of this.players.values()) {
      if (who !== undefined ? p.who === who : p.role === role && p.name === name && !p.connected) {
        this.setConnected(p.id, true);
        return { ok: true, outcome: say('back', '已回到演练'), playerId: p.id };
      }
    }
    const id = `p${++this.playersJoined}`;
    const travel: Travel | null = role === 'trainer' || role === 'observer' ? null : role === 'firefighter' || role === 'medic' ? 'drive' : 'walk';
    this.players.set(id, { id, role, name, travel, connected: true, carriesAed: false, ...(who !== undefined ? { who } : {}) });
    if (travel) {
      const start = this.startOf(role);
      const same = [...this.players.values()].filter((p) => p.role === role).length - 1;
      this.avatars.add(id, start.x + same * 2, start.y, travel);
    }
    this.record({ t: 'join', simS: this.simS, playerId: id, role, name, ...(who !== undefined ? { who } : {}) });
    return { ok: true, outcome: say('joined', '已加入'), playerId: id };
  }

  /** Left in the lobby or the briefing: gone, figure and all. Once the drill runs, a player who goes stays (away). */
  private leave(playerId: string): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (this.status !== 'lobby' && this.status !== 'briefing') return this.setConnected(playerId, false);
    this.players.delete(playerId);
    this.avatars.remove(playerId);
    this.record({ t: 'leave', simS: this.simS, playerId });
    return { ok: true, outcome: say('left', PRESENCE_LABELS.away.zh) };
  }

  private setConnected(playerId: string, connected: boolean): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (p.connected !== connected) {
      p.connected = connected;
      this.record({ t: 'connection', simS: this.simS, playerId, connected });
    }
    return { ok: true, outcome: say(connected ? 'connected' : 'away', PRESENCE_LABELS[connected ? 'connected' : 'away'].zh) };
  }

  /** Where each role begins: the commander at the governance centre, the grid worker at the community
   * emergency station, firefighters at the micro fire station, the 120 crew at the edge of the district. */
  startOf(role: Role): { x: number; y: number } {
    const d = this.setup.index.district;
    const edge = d.streets.nodes[0] ?? { x: 0, y: 0 };
    const at = {
      commander: d.governanceCentre ?? d.emergencyStations[0] ?? edge,
      grid_worker: d.emergencyStations[0] ?? d.governanceCentre ?? edge,
      firefighter: d.microFireStations[0] ?? edge,
      medic: edge,
    } as Partial<Record<Role, { x: number; y: number }>>;
    const p = at[role] ?? edge;
    return { x: p.x, y: p.y + 6 }; // in front of the door, not inside the building
  }

  // ---- the trainer ----

  private control(by: string, role: Role, c: LifecycleControl): Outcome {
    const from = this.status;
    if (role !== 'trainer') return { ok: false, reason: say('only the trainer runs the drill', '只有教官可以控制演练') };
    if (c.cmd === 'speed' && !(Number.isInteger(c.speed) && c.speed >= DRILL_SPEEDS.min && c.speed <= DRILL_SPEEDS.max)) return { ok: false, reason: say(`speed must be a whole number from ${DRILL_SPEEDS.min} to ${DRILL_SPEEDS.max}`, `倍速须为${DRILL_SPEEDS.min}到${DRILL_SPEEDS.max}的整数`) };
    const snapshot = this.lifecycle.getSnapshot();
    if (!snapshot.can(trainerEvent(c))) return { ok: false, reason: say(`cannot ${c.cmd} a drill that is ${from} (it takes: ${trainerCommands(snapshot).join(', ') || 'nothing'})`, `演练当前为“${DRILL_STATUS_LABELS[from].zh}”，不能${CMD_ZH[c.cmd]}`) };
    this.lifecycle.send(trainerEvent(c));
    this.record({ t: 'control', simS: this.simS, by, cmd: c.cmd, ...(c.cmd === 'speed' ? { speed: c.speed } : {}) });
    return { ok: true, outcome: c.cmd === 'speed' ? say(`speed ${c.speed}×`, `倍速 ${c.speed}×`) : say(this.status, DRILL_STATUS_LABELS[this.status].zh) };
  }

  private inject(by: string, inj: DrillInject): Outcome {
    if (this.over) return { ok: false, reason: ENDED };
    const outcome = this.injectOne(by, inj);
    if (outcome.ok) this.record({ t: 'control', simS: this.simS, by, cmd: `inject ${'id' in inj ? inj.id : inj.kind === 'device_fails' ? `device_fails ${inj.deviceId}` : inj.kind === 'block_lane' ? `block_lane ${inj.edgeId}` : 'casualty'}` });
    return outcome;
  }

  private injectOne(by: string, inj: DrillInject): Outcome {
    const { index } = this.setup;
    if ('id' in inj) {
      const def = this.scenario.injects.find((i) => i.id === inj.id);
      if (!def) return { ok: false, reason: say(`the scenario has no inject "${inj.id.slice(0, 64)}"`, `脚本中没有注入事件“${inj.id.slice(0, 64)}”`) };
      const changes = this.run.injectNow(inj.id);
      if (!changes) return { ok: false, reason: say(`"${inj.id}" has happened already`, `“${def.text.zh}”已经发生`) };
      this.world(changes);
      return { ok: true, outcome: def.text };
    }
    if (inj.kind === 'device_fails') {
      if (!index.devices.has(inj.deviceId)) return { ok: false, reason: say(`no device "${inj.deviceId.slice(0, 64)}" in this district`, `本片区没有设备“${inj.deviceId.slice(0, 64)}”`) };
      this.world(this.run.failDevice(inj.deviceId));
      return { ok: true, outcome: say(`${inj.deviceId} fails`, `${inj.deviceId} 故障`) };
    }
    if (inj.kind === 'block_lane') {
      if (!index.district.streets.edges.some((e) => e.id === inj.edgeId)) return { ok: false, reason: say(`no street "${inj.edgeId.slice(0, 64)}" in this district`, `本片区没有道路“${inj.edgeId.slice(0, 64)}”`) };
      this.world([{ kind: 'block_lane', edgeId: inj.edgeId }]);
      const lane = this.laneName(inj.edgeId);
      return { ok: true, outcome: say(`lane ${lane.en} blocked`, `${lane.zh} 已封堵`) };
    }
    const text = cleanText(inj.text);
    if (!text || !Number.isFinite(inj.x) || !Number.isFinite(inj.y)) return { ok: false, reason: say('a casualty needs x, y and a description', '增加伤员需要位置和伤情描述') };
    const id = `cas${this.casualties.size + 1}`;
    this.casualties.set(id, { id, x: inj.x, y: inj.y, text, treated: false });
    this.record({ t: 'casualty', simS: this.simS, id, x: inj.x, y: inj.y, text });
    this.run.note('inject', { en: `${by}: casualty at (${Math.round(inj.x)}, ${Math.round(inj.y)}): ${text}`, zh: `${byLabel(by, 'zh')}：增加伤员：${text}` });
    this.tell('all', by, text);
    return { ok: true, outcome: say(`casualty ${id} added`, '已增加伤员') };
  }

  private say(by: string, to: Role | 'all', text: string): Outcome {
    const clean = cleanText(text);
    if (!clean) return { ok: false, reason: say(`a message needs 1–${MAX_TEXT} characters of text`, `消息须为1–${MAX_TEXT}个字`) };
    this.tell(to, by, clean);
    return { ok: true, outcome: say('sent', '已发送') };
  }

  private tell(to: Role | 'all', from: string, text: string, zh?: string): void {
    this.record({ t: 'message', simS: this.simS, from, to, text, ...(zh !== undefined && zh !== text ? { zh } : {}) });
    this.out.push({ kind: 'notice', to, from, text, ...(zh !== undefined && zh !== text ? { zh } : {}) });
  }

  /** A lane by its street's name, where the district names it. */
  private laneName(edgeId: string): Text {
    const edge = this.setup.index.district.streets.edges.find((e) => e.id === edgeId);
    return edge?.name ? { en: edge.name.en, zh: edge.name.zh } : { en: edgeId, zh: '一条车道' };
  }

  // ---- the responders ----

  private move(playerId: string, x: number, y: number): Outcome {
    if (this.status !== 'running') return { ok: false, reason: NOT_RUNNING[this.status] };
    const r = this.avatars.moveTo(playerId, x, y);
    return r.ok ? { ok: true, outcome: say(`on the way, about ${r.etaS} s`, `正在前往，约${r.etaS}秒`) } : { ok: false, reason: r.reason };
  }

  /** Whether a player may take an action now, and why not: the same check `act` makes, without acting. */
  check(playerId: string, action: ActionKind): Check {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    const open = this.incidentAlarms();
    return checkAction(action, {
      role: p.role, status: this.status === 'running' ? 'running' : this.status === 'paused' ? 'paused' : this.over ? 'ended' : 'lobby', phase: this.run.phase,
      toIncidentM: this.distanceToIncident(playerId), toAedStationM: this.distanceToAed(playerId), carriesAed: p.carriesAed,
      unacknowledgedAlarms: open.filter((a) => a.state === 'active_unacked' || a.state === 'rtn_unacked').length,
      done: (a) => this.run.hasDone(a),
    });
  }

  private act(playerId: string, actionName: string, extra: { text?: string; householdId?: string }): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (!(ACTIONS as readonly string[]).includes(actionName)) return this.refused(p, actionName, say(`unknown action "${String(actionName).slice(0, 40)}"`, `未知行动“${String(actionName).slice(0, 40)}”`));
    const action = actionName as ActionKind;
    const check = this.check(playerId, action);
    if (!check.ok) return this.refused(p, action, check.reason);
    const by = `${p.name} (${p.role})`;
    // The row of the action table: its own refusal, then its effect; every hazard's reaction comes with run.act.
    const row = actionRow(action);
    const call: ActionCall = { k: this, player: p, actor: { id: p.id, name: by }, text: cleanText(extra.text ?? ''), ...(extra.householdId !== undefined ? { householdId: extra.householdId } : {}) };
    const refusal = row.refuse?.(call);
    if (refusal) return this.refused(p, action, refusal);
    const achieved = row.effect?.(call) ?? null;
    this.run.act(action, by, achieved);
    const outcome = achieved ?? row.told?.(call) ?? say('done', '已完成');
    this.record({ t: 'action', simS: this.simS, playerId, role: p.role, name: p.name, action, ok: true, detail: outcome.en, zh: outcome.zh });
    return { ok: true, outcome };
  }

  /** Accepting a dispatch task (on the way) or closing it (done): for the role whose resource it is. */
  private task(playerId: string, taskId: string, state: 'en_route' | 'done'): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (this.status !== 'running') return this.refused(p, `task ${state}`, NOT_RUNNING[this.status]);
    const task = this.core.dispatch.get(taskId);
    if (!task) return this.refused(p, `task ${state}`, say(`no task "${String(taskId).slice(0, 40)}"`, `没有任务“${String(taskId).slice(0, 40)}”`));
    if (TASK_KIND_OF[p.role] !== task.kind) return this.refused(p, `task ${state}`, say(`this task is for the ${task.kind.replace(/_/g, ' ')}, not the ${p.role.replace(/_/g, ' ')}`, `该任务属于${TASK_KIND_ZH(task.kind)}，不是${ROLE_LABELS[p.role].zh}`));
    const r = this.core.updateTask(taskId, state, { id: p.id, name: `${p.name} (${p.role})` }, this.now);
    if (!r.ok) return this.refused(p, `task ${state}`, say(r.message, r.code === 'wrong_state' ? `任务当前状态不能改为“${TASK_STATE_ZH[state]}”` : r.message));
    this.twin(r.twinEvents);
    this.record({ t: 'action', simS: this.simS, playerId, role: p.role, name: p.name, action: `task_${state}`, ok: true, detail: taskId, zh: '' });
    return { ok: true, outcome: say(`task ${state.replace('_', ' ')}`, `任务${TASK_STATE_ZH[state]}`) };
  }

  private refused(p: Player, action: string, reason: Text): Outcome {
    this.record({ t: 'action', simS: this.simS, playerId: p.id, role: p.role, name: p.name, action, ok: false, detail: reason.en, zh: reason.zh });
    return { ok: false, reason };
  }

  incidentAlarms() { return this.core.openAlarms().filter((a) => this.deviceIds.has(a.deviceId)); }

  distanceToIncident(playerId: string): number | null {
    const at = this.avatars.position(playerId);
    if (!at) return null;
    return Math.min(...this.sites.map((s) => s.building ? distanceToFootprint(s.building, at.x, at.y) : Math.hypot(at.x - s.x, at.y - s.y)));
  }

  /** Where responders go: the first site of the incident (a building's centre, or an outdoor device). */
  get site(): { x: number; y: number } { return this.sites[0] ?? { x: 0, y: 0 }; }

  private distanceToAed(playerId: string): number | null {
    const stations = this.setup.index.district.capsuleStations.filter((c) => c.aed);
    if (!this.avatars.position(playerId) || !stations.length) return null;
    return Math.min(...stations.map((c) => this.distanceTo(playerId, c)));
  }

  distanceTo(playerId: string, p: { x: number; y: number }): number {
    const at = this.avatars.position(playerId);
    return at ? Math.hypot(at.x - p.x, at.y - p.y) : Infinity;
  }

  // ---- time ----

  /** One tick: avatars move; on each whole second the scenario, its readings and the alarm engine step. */
  private tick(): Outcome {
    if (this.status !== 'running') return { ok: false, reason: NOT_RUNNING[this.status] };
    this.ticks++;
    this.avatars.step(STEP_MS / 1000);
    if (this.ticks % STEPS_PER_S === 0) this.second();
    return { ok: true, outcome: say('tick', 'tick') };
  }

  private second(): void {
    this.world(this.run.advance());
    this.twin(this.core.tick(this.now));
    this.record({ t: 'frame', simS: this.simS, players: this.avatars.snapshot().map((a) => ({ id: a.id, x: round1(a.x), y: round1(a.y) })) });
    this.syncTimeline();
    if (this.run.ended) this.lifecycle.send({ type: 'scenario_over', outcome: this.run.phase as 'resolved' | 'failed' });
  }

  /** The scenario's changes to the world. A reading is encoded as its device would send it and decoded by
   * the bridge, as a live one is, then taken by the alarm engine now; observers get the same bytes. */
  private world(changes: WorldChange[]): void {
    const now = this.now;
    for (const c of changes) {
      if (c.kind === 'reading') {
        const topic = this.topics.telemetry(c.deviceId);
        const payload = JSON.stringify({ ts: now, seq: ++this.seq, readings: c.readings });
        const taken = this.ingest.take(topic, Buffer.from(payload), now, { trusted: true });
        if (taken.ok) this.twin(taken.events);
        else this.run.note('hazard', { en: `reading of ${c.deviceId} refused: ${taken.why === 'rejected' ? `${taken.reason}: ${taken.detail}` : taken.why}`, zh: `${deviceName(this.setup.index, c.deviceId, 'zh')} 的读数被拒收` });
        this.out.push({ kind: 'publish', topic, payload, qos: 0 });
      } else if (c.kind === 'device_fails') {
        // What the device's last will says when it drops off the network.
        this.twin(this.core.status(c.deviceId, { online: false, battery: null }, now));
        this.out.push({ kind: 'publish', topic: this.topics.status(c.deviceId), payload: JSON.stringify({ online: false }), qos: 1 });
      } else if (c.kind === 'block_lane') {
        if (this.core.dispatch.blockLane(c.edgeId)) { const lane = this.laneName(c.edgeId); this.run.note('hazard', { en: `lane ${lane.en} blocked`, zh: `${lane.zh} 车道封堵` }); }
        this.avatars.blockLane(c.edgeId);
      } else if (c.kind === 'message') this.tell(c.to, 'scenario', c.text.en, c.text.zh);
    }
  }

  /** A device's own message into the drill (a recording replayed onto its tree): decoded as a live one is. */
  private device(topic: string, payload: Buffer): Outcome {
    if (this.status !== 'running') return { ok: false, reason: NOT_RUNNING[this.status] };
    const r = this.ingest.take(topic, payload, this.now);
    if (!r.ok) {
      if (r.why === 'rejected') return { ok: false, reason: say(`refused ${r.reason}: ${r.detail}`, `已拒绝（${r.reason}）：${r.detail}`) };
      if (r.why === 'elsewhere') return { ok: false, reason: say('not this drill\'s topic', '不是本次演练的主题') };
      return { ok: false, reason: say(`${r.why} reading`, r.why === 'duplicate' ? '重复读数' : '迟到读数') };
    }
    if (r.message.kind === 'ignored') return { ok: true, outcome: say('ignored', '已忽略') };
    this.twin(r.events);
    return { ok: true, outcome: say('taken', '已接收') };
  }

  /** The alarm engine's events: into the journal and the scenario (an alarm raised is the incident detected). */
  twin(events: TwinEvent[]): void {
    if (!events.length) return;
    for (const e of events) {
      if (e.kind === 'alarm') {
        this.record({ t: 'alarm', simS: this.simS, type: e.type, alarmId: e.alarm.id, deviceId: e.alarm.deviceId, kind: e.alarm.kind, level: e.alarm.level, state: e.alarm.state, by: e.alarm.ackedBy });
        this.run.note('alarm', { en: alarmText(e), zh: alarmTextZh(e, this.setup.index) });
        if (e.type === 'raised' && this.deviceIds.has(e.alarm.deviceId)) this.run.alarmRaised();
        if (this.deviceIds.has(e.alarm.deviceId) && e.alarm.state !== 'closed') this.run.alarmLevel(e.alarm.level);
      } else if (e.kind === 'task') {
        const last = e.task.history[e.task.history.length - 1];
        this.record({ t: 'task', simS: this.simS, taskId: e.task.id, alarmId: e.task.alarmId, kind: e.task.kind, state: e.task.state, by: last?.by ?? null });
      } else if (e.kind === 'device') {
        this.record({ t: 'device', simS: this.simS, deviceId: e.deviceId, display: e.display, level: e.level });
      }
    }
    this.out.push({ kind: 'twin', events, now: this.now });
  }

  /** New scenario timeline entries go to the journal as they appear. */
  private syncTimeline(): void {
    const timeline = this.run.timeline;
    for (let i = this.timelineSeen; i < timeline.length; i++) this.record({ t: 'timeline', simS: timeline[i]!.tS, kind: timeline[i]!.kind, text: timeline[i]!.text, zh: timeline[i]!.zh });
    this.timelineSeen = timeline.length;
  }

  free(): void {
    this.lifecycle.stop();
    this.run.stop();
    this.avatars.free();
  }
}

const CMD_ZH: Record<DrillControl['cmd'], string> = { brief: CONTROL_LABELS.brief!.zh, start: CONTROL_LABELS.start!.zh, pause: CONTROL_LABELS.pause!.zh, resume: CONTROL_LABELS.resume!.zh, end: '结束', speed: '调整倍速', skip: CONTROL_LABELS.skip!.zh };
const ENDED = DRILL_NOT_RUNNING.ended;
const NOT_IN = say('you are not in this drill', '你不在本次演练中');
const NOT_RUNNING = DRILL_NOT_RUNNING;
const TASK_KIND_ZH = (kind: Task['kind']) => TASK_LABELS[kind]?.zh ?? kind;
const TASK_STATE_ZH: Record<'en_route' | 'done', string> = { en_route: '出发', done: TASK_LABELS.done!.zh };
const cleanText = (t: unknown) => (typeof t === 'string' ? t.replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, MAX_TEXT) : '');
