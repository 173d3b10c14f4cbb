// One running drill: the scenario's run on the drill's own simulated clock (paused, 1–10×), its
// readings sent over MQTT on the drill's topic root and taken back through the same LivePipeline as
// live alarms (CAP Exercise, no sink that reaches people), the responders' avatars, the role checks
// for every action, and the drill journal. The room only carries messages to it and state from it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';
import { connectMqtt, type MqttLink } from '../../bridge/mqttLink';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { ROLE_LABELS, type Text } from '../../twin-assets/labels';
import { DRILL_SPEEDS, type DrillControl, type DrillInject, type DrillStatus, type Role } from '../../twin-assets/protocol';
import { ScenarioRun, type WorldChange } from '../../scenarios/scenarioRun';
import { ACTIONS, type ActionKind, type Scenario } from '../../scenarios/schema';
import type { Clock } from '../clock';
import type { Task } from '../core/dispatch';
import type { TwinEvent } from '../core/twinCore';
import { LivePipeline } from '../livePipeline';
import { createMetrics, type Metrics } from '../metrics';
import { alarmText, scenarioEpoch } from './headlessRun';
import { AvatarWorld, distanceToFootprint, type Travel } from './avatars';
import { DrillLog, type DrillOutcome, type DrillRecord } from './drillLog';
import { checkAction } from './roleActions';

export interface Player {
  id: string; role: Role; name: string; travel: Travel | null;
  connected: boolean; carriesAed: boolean;
}

export interface Casualty { id: string; x: number; y: number; text: string; treated: boolean }

/** What the room hears from the session. */
export interface SessionListener {
  twin(events: TwinEvent[]): void;
  /** A message for a role, or everyone. */
  notice(to: Role | 'all', from: string, text: string): void;
}

/** What an ask came to, in both interface languages. */
export type Outcome = { ok: true; outcome: Text } | { ok: false; reason: Text };
const say = (en: string, zh: string): Text => ({ en, zh });

const TASK_KIND_OF: Partial<Record<Role, Task['kind']>> = { grid_worker: 'grid_worker', firefighter: 'micro_fire_station', medic: 'aed' };
const MAX_TEXT = 200;

export interface DrillSessionOptions {
  drillId: string; scenario: Scenario; seed: number; index: DistrictIndex; rules: RuleSet;
  mqttUrl: string; mqttOptions?: IClientOptions; webhookUrl?: string | null; dataDir: string; log: (line: string) => void;
}

export class DrillSession {
  status: DrillStatus = 'lobby';
  speed = 1;
  readonly players = new Map<string, Player>();
  readonly casualties = new Map<string, Casualty>();
  readonly pipeline: LivePipeline;
  readonly epoch: number;
  readonly clock: Clock;
  readonly file: string;
  private readonly journal: DrillLog;
  private readonly listeners = new Set<SessionListener>();
  private pendingMs = 0;
  private seq = 0;
  private timelineSeen = 0;
  private link: MqttLink | null = null;
  private unsubscribe: () => void;
  /** Where the incident is: its devices' buildings and outdoor positions. */
  private readonly sites: { x: number; y: number; building?: { x: number; y: number; width: number; depth: number } }[];
  /** Separate from the live twin's metrics: a drill's alarms are not the street's. */
  readonly drillMetrics: Metrics = createMetrics({ processMetrics: false });

  static async create(o: DrillSessionOptions): Promise<DrillSession> {
    const [run, avatars] = await Promise.all([ScenarioRun.start(o.scenario, o.index, o.seed), AvatarWorld.create(o.index.district)]);
    const session = new DrillSession(o, run, avatars);
    session.link = await connectMqtt(o.mqttUrl, `street-twin-drill-${o.drillId}`, session.pipeline.topics.deviceSubscriptions(),
      (topic, payload) => session.pipeline.onMqttMessage(topic, payload), { ...o.mqttOptions, clean: true });
    // The same sinks as live: the webhook (to real people) refuses Exercise; the gateway topics are the drill's own.
    session.pipeline.attach(session.link, { webhookUrl: o.webhookUrl ?? null });
    return session;
  }

  private constructor(private readonly o: DrillSessionOptions, readonly run: ScenarioRun, readonly avatars: AvatarWorld) {
    this.epoch = scenarioEpoch(o.scenario);
    this.clock = { now: () => this.epoch + this.run.tS * 1000 + this.pendingMs };
    const dir = join(o.dataDir, 'drills');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${o.drillId}.jsonl`);
    this.journal = new DrillLog(this.file);
    this.pipeline = new LivePipeline(o.index, o.rules, { kind: 'drill', drillId: o.drillId }, this.clock, this.drillMetrics, o.log);
    this.pipeline.useJournal(join(dir, `${o.drillId}-alarms.jsonl`));
    this.unsubscribe = this.pipeline.subscribe((events) => this.onTwin(events));
    this.sites = o.scenario.hazards.flatMap((h) => h.deviceIds).map((id) => {
      const d = o.index.devices.get(id);
      const building = d?.buildingId ? o.index.buildings.get(d.buildingId) : undefined;
      return { x: d?.position.x ?? 0, y: d?.position.y ?? 0, ...(building ? { building } : {}) };
    });
    this.record({ t: 'created', simS: 0, drillId: o.drillId, scenario: o.scenario, seed: o.seed, epoch: this.epoch, createdAt: Date.now() });
    this.syncTimeline();
    this.journal.flush();
  }

  get drillId(): string { return this.o.drillId; }
  get scenario(): Scenario { return this.o.scenario; }
  get simS(): number { return this.run.tS; }

  listen(l: SessionListener): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  private record(r: DrillRecord): void { this.journal.append(r); }

  // ---- people ----

  /** A new player, or the same player back (same role and name, not connected): same place, same AED. */
  join(role: Role, name: string): Player {
    for (const p of this.players.values()) if (p.role === role && p.name === name && !p.connected) { this.setConnected(p.id, true); return p; }
    const id = `p${this.players.size + 1}`;
    const travel: Travel | null = role === 'trainer' || role === 'observer' ? null : role === 'firefighter' || role === 'medic' ? 'drive' : 'walk';
    const player: Player = { id, role, name, travel, connected: true, carriesAed: false };
    this.players.set(id, player);
    if (travel) {
      const start = this.startOf(role);
      const same = [...this.players.values()].filter((p) => p.role === role).length - 1;
      this.avatars.add(id, start.x + same * 2, start.y, travel);
    }
    this.record({ t: 'join', simS: this.simS, playerId: id, role, name });
    return player;
  }

  setConnected(playerId: string, connected: boolean): void {
    const p = this.players.get(playerId);
    if (!p || p.connected === connected) return;
    p.connected = connected;
    this.record({ t: 'connection', simS: this.simS, playerId, connected });
  }

  /** Where each role begins: the commander at the governance centre, the grid worker at the community
   * emergency station, firefighters at the micro fire station, the 120 crew at the edge of the district. */
  private startOf(role: Role): { x: number; y: number } {
    const d = this.o.index.district;
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

  control(by: string, c: DrillControl): Outcome {
    const from = this.status;
    if (c.cmd === 'speed') {
      if (!(Number.isInteger(c.speed) && c.speed >= DRILL_SPEEDS.min && c.speed <= DRILL_SPEEDS.max)) return { ok: false, reason: say(`speed must be a whole number from ${DRILL_SPEEDS.min} to ${DRILL_SPEEDS.max}`, `倍速须为${DRILL_SPEEDS.min}到${DRILL_SPEEDS.max}的整数`) };
    } else {
      const allowed: Record<typeof c.cmd, DrillStatus[]> = { start: ['lobby'], pause: ['running'], resume: ['paused'], end: ['lobby', 'running', 'paused'] };
      if (!allowed[c.cmd].includes(from)) return { ok: false, reason: say(`cannot ${c.cmd} a drill that is ${from}`, `演练当前为“${STATUS_ZH[from]}”，不能${CMD_ZH[c.cmd]}`) };
      if (c.cmd === 'end') return this.end('ended_by_trainer', by);
    }
    // The trainer's controls must be in the review: on disk before they take effect, or refused.
    if (!this.journal.appendNow({ t: 'control', simS: this.simS, by, cmd: c.cmd, ...(c.cmd === 'speed' ? { speed: c.speed } : {}) })) {
      return { ok: false, reason: say(`the drill's journal cannot be written now (${this.journal.failing}); try again once the disk has room`, `演练记录暂时无法写入（${this.journal.failing}），请待磁盘腾出空间后重试`) };
    }
    if (c.cmd === 'speed') this.speed = c.speed;
    else this.status = c.cmd === 'pause' ? 'paused' : 'running';
    return { ok: true, outcome: c.cmd === 'speed' ? say(`speed ${c.speed}×`, `倍速 ${c.speed}×`) : say(this.status, STATUS_ZH[this.status]) };
  }

  /** The trainer's inject; who fired what goes into the journal for the review. */
  inject(by: string, inj: DrillInject): Outcome {
    if (this.status === 'ended') return { ok: false, reason: ENDED };
    const outcome = this.applyInject(by, inj);
    if (outcome.ok) this.record({ t: 'control', simS: this.simS, by, cmd: `inject ${'id' in inj ? inj.id : inj.kind === 'device_fails' ? `device_fails ${inj.deviceId}` : inj.kind === 'block_lane' ? `block_lane ${inj.edgeId}` : 'casualty'}` });
    return outcome;
  }

  private applyInject(by: string, inj: DrillInject): Outcome {
    if ('id' in inj) {
      const def = this.scenario.injects.find((i) => i.id === inj.id);
      if (!def) return { ok: false, reason: say(`the scenario has no inject "${inj.id.slice(0, 64)}"`, `脚本中没有注入事件“${inj.id.slice(0, 64)}”`) };
      const changes = this.run.injectNow(inj.id);
      if (!changes) return { ok: false, reason: say(`"${inj.id}" has happened already`, `“${def.text.zh}”已经发生`) };
      this.apply(changes);
      return { ok: true, outcome: def.text };
    }
    if (inj.kind === 'device_fails') {
      if (!this.o.index.devices.has(inj.deviceId)) return { ok: false, reason: say(`no device "${inj.deviceId.slice(0, 64)}" in this district`, `本片区没有设备“${inj.deviceId.slice(0, 64)}”`) };
      this.apply(this.run.failDevice(inj.deviceId));
      return { ok: true, outcome: say(`${inj.deviceId} fails`, `${inj.deviceId} 故障`) };
    }
    if (inj.kind === 'block_lane') {
      if (!this.o.index.district.streets.edges.some((e) => e.id === inj.edgeId)) return { ok: false, reason: say(`no street "${inj.edgeId.slice(0, 64)}" in this district`, `本片区没有道路“${inj.edgeId.slice(0, 64)}”`) };
      this.apply([{ kind: 'block_lane', edgeId: inj.edgeId }]);
      return { ok: true, outcome: say(`lane ${inj.edgeId} blocked`, `车道 ${inj.edgeId} 已封堵`) };
    }
    const text = cleanText(inj.text);
    if (!text || !Number.isFinite(inj.x) || !Number.isFinite(inj.y)) return { ok: false, reason: say('a casualty needs x, y and a description', '增加伤员需要位置和伤情描述') };
    const id = `cas${this.casualties.size + 1}`;
    this.casualties.set(id, { id, x: inj.x, y: inj.y, text, treated: false });
    this.record({ t: 'casualty', simS: this.simS, id, x: inj.x, y: inj.y, text });
    this.run.note('inject', `${by}: casualty at (${Math.round(inj.x)}, ${Math.round(inj.y)}): ${text}`);
    this.tell('all', by, text);
    return { ok: true, outcome: say(`casualty ${id} added`, `已增加伤员 ${id}`) };
  }

  say(by: string, to: Role | 'all', text: string): Outcome {
    const clean = cleanText(text);
    if (!clean) return { ok: false, reason: say(`a message needs 1–${MAX_TEXT} characters of text`, `消息须为1–${MAX_TEXT}个字`) };
    this.tell(to, by, clean);
    return { ok: true, outcome: say('sent', '已发送') };
  }

  private tell(to: Role | 'all', from: string, text: string): void {
    this.record({ t: 'message', simS: this.simS, from, to, text });
    for (const l of this.listeners) l.notice(to, from, text);
  }

  // ---- the responders ----

  move(playerId: string, x: number, y: number): Outcome {
    if (this.status !== 'running') return { ok: false, reason: NOT_RUNNING[this.status] };
    const r = this.avatars.moveTo(playerId, x, y);
    return r.ok ? { ok: true, outcome: say(`on the way, about ${r.etaS} s`, `正在前往，约${r.etaS}秒`) } : { ok: false, reason: r.reason };
  }

  act(playerId: string, actionName: string, extra: { text?: string; householdId?: string } = {}): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (!(ACTIONS as readonly string[]).includes(actionName)) return this.refused(p, actionName, say(`unknown action "${String(actionName).slice(0, 40)}"`, `未知行动“${String(actionName).slice(0, 40)}”`));
    const action = actionName as ActionKind;
    const open = this.incidentAlarms();
    const check = checkAction(action, {
      role: p.role, status: this.status, phase: this.run.phase,
      toIncidentM: this.distanceToIncident(playerId), toAedStationM: this.distanceToAed(playerId), carriesAed: p.carriesAed,
      unacknowledgedAlarms: open.filter((a) => a.state === 'active_unacked' || a.state === 'rtn_unacked').length,
      done: (a) => this.run.hasDone(a),
    });
    if (!check.ok) return this.refused(p, action, check.reason);
    let text = '';
    if (action === 'report_hazard') {
      text = cleanText(extra.text ?? '');
      if (!text) return this.refused(p, action, say(`a hazard report needs 1–${MAX_TEXT} characters of text`, `隐患上报须有1–${MAX_TEXT}个字的描述`));
    }
    if (action === 'phone_resident' && extra.householdId !== undefined && !this.o.index.households.has(extra.householdId)) return this.refused(p, action, say(`no household "${String(extra.householdId).slice(0, 40)}"`, `没有住户“${String(extra.householdId).slice(0, 40)}”`));
    const by = `${p.name} (${p.role})`;
    if (action === 'acknowledge') {
      for (const a of open) if (a.state === 'active_unacked' || a.state === 'rtn_unacked') this.pipeline.acknowledge(a.id, by);
      this.run.alarmAcknowledged();
    }
    if (action === 'on_site') {
      const kind = TASK_KIND_OF[p.role];
      for (const a of open) for (const t of this.pipeline.core.dispatch.tasksOf(a.id)) if (t.kind === kind && (t.state === 'assigned' || t.state === 'en_route')) this.pipeline.updateTask(t.id, 'on_site', by);
    }
    if (action === 'fetch_aed') p.carriesAed = true;
    if (action === 'first_aid') for (const c of this.casualties.values()) if (!c.treated && this.distanceTo(playerId, c) <= 15) c.treated = true;
    const outcome = this.run.act(action, by, extra.householdId ? { householdId: extra.householdId } : {}) ?? (text ? say(`reported: ${text}`, `已上报：${text}`) : say('done', '已完成'));
    this.record({ t: 'action', simS: this.simS, playerId, role: p.role, name: p.name, action, ok: true, detail: outcome.en });
    this.syncTimeline();
    return { ok: true, outcome };
  }

  /** Accepting a dispatch task (on the way) or closing it (done): for the role whose resource it is. */
  task(playerId: string, taskId: string, state: 'en_route' | 'done'): Outcome {
    const p = this.players.get(playerId);
    if (!p) return { ok: false, reason: NOT_IN };
    if (this.status !== 'running') return this.refused(p, `task ${state}`, NOT_RUNNING[this.status]);
    const task = this.pipeline.core.dispatch.get(taskId);
    if (!task) return this.refused(p, `task ${state}`, say(`no task "${String(taskId).slice(0, 40)}"`, `没有任务“${String(taskId).slice(0, 40)}”`));
    if (TASK_KIND_OF[p.role] !== task.kind) return this.refused(p, `task ${state}`, say(`this task is for the ${task.kind.replace(/_/g, ' ')}, not the ${p.role.replace(/_/g, ' ')}`, `该任务属于${TASK_KIND_ZH[task.kind]}，不是${ROLE_LABELS[p.role].zh}`));
    const r = this.pipeline.updateTask(taskId, state, `${p.name} (${p.role})`);
    if (!r.ok) return this.refused(p, `task ${state}`, say(r.message, r.code === 'wrong_state' ? `任务当前状态不能改为“${TASK_STATE_ZH[state]}”` : r.message));
    this.record({ t: 'action', simS: this.simS, playerId, role: p.role, name: p.name, action: `task_${state}`, ok: true, detail: taskId });
    return { ok: true, outcome: say(`task ${state.replace('_', ' ')}`, `任务${TASK_STATE_ZH[state]}`) };
  }

  private refused(p: Player, action: string, reason: Text): Outcome {
    this.record({ t: 'action', simS: this.simS, playerId: p.id, role: p.role, name: p.name, action, ok: false, detail: reason.en });
    return { ok: false, reason };
  }

  private incidentAlarms() {
    const ids = this.run.deviceIds();
    return this.pipeline.core.openAlarms().filter((a) => ids.has(a.deviceId));
  }

  distanceToIncident(playerId: string): number | null {
    const at = this.avatars.position(playerId);
    if (!at) return null;
    return Math.min(...this.sites.map((s) => s.building ? distanceToFootprint(s.building, at.x, at.y) : Math.hypot(at.x - s.x, at.y - s.y)));
  }

  private distanceToAed(playerId: string): number | null {
    const stations = this.o.index.district.capsuleStations.filter((c) => c.aed);
    if (!this.avatars.position(playerId) || !stations.length) return null;
    return Math.min(...stations.map((c) => this.distanceTo(playerId, c)));
  }

  private distanceTo(playerId: string, p: { x: number; y: number }): number {
    const at = this.avatars.position(playerId);
    return at ? Math.hypot(at.x - p.x, at.y - p.y) : Infinity;
  }

  // ---- time ----

  /** Real time passing (the room's tick): while running, simulated time moves at `speed`. */
  advance(realMs: number): void {
    if (this.status !== 'running') return;
    const simMs = realMs * this.speed;
    this.avatars.step(simMs / 1000);
    this.pendingMs += simMs;
    while (this.pendingMs >= 1000 && this.status === 'running') {
      this.pendingMs -= 1000;
      this.simSecond();
    }
    this.journal.flush();
  }

  private simSecond(): void {
    this.apply(this.run.advance());
    this.pipeline.tick();
    this.record({ t: 'frame', simS: this.simS, players: this.avatars.snapshot().map((a) => ({ id: a.id, x: round1(a.x), y: round1(a.y) })) });
    this.syncTimeline();
    if (this.run.ended) this.end(this.run.phase as 'resolved' | 'failed', 'scenario');
  }

  private apply(changes: WorldChange[]): void {
    const now = this.clock.now();
    for (const c of changes) {
      if (c.kind === 'reading') {
        const payload = JSON.stringify({ ts: now, seq: ++this.seq, readings: c.readings });
        void this.link?.publish(this.pipeline.topics.telemetry(c.deviceId), payload, { qos: 0 }).catch(() => {});
      } else if (c.kind === 'device_fails') {
        // What the device's last will would say when it drops off the network.
        void this.link?.publish(this.pipeline.topics.status(c.deviceId), JSON.stringify({ online: false }), { qos: 1 }).catch(() => {});
      } else if (c.kind === 'block_lane') {
        if (this.pipeline.core.dispatch.blockLane(c.edgeId)) this.run.note('hazard', `lane ${c.edgeId} blocked`);
        this.avatars.blockLane(c.edgeId);
      } else if (c.kind === 'message') this.tell(c.to, 'scenario', c.text.zh === c.text.en ? c.text.en : `${c.text.zh} / ${c.text.en}`);
    }
    this.syncTimeline();
  }

  private onTwin(events: TwinEvent[]): void {
    const ids = this.run.deviceIds();
    for (const e of events) {
      if (e.kind === 'alarm') {
        this.record({ t: 'alarm', simS: this.simS, type: e.type, alarmId: e.alarm.id, deviceId: e.alarm.deviceId, kind: e.alarm.kind, level: e.alarm.level, state: e.alarm.state, by: e.alarm.ackedBy });
        this.run.note('alarm', alarmText(e));
        if (e.type === 'raised' && ids.has(e.alarm.deviceId)) this.run.alarmRaised();
      } else if (e.kind === 'task') {
        const last = e.task.history[e.task.history.length - 1];
        this.record({ t: 'task', simS: this.simS, taskId: e.task.id, alarmId: e.task.alarmId, kind: e.task.kind, state: e.task.state, by: last?.by ?? null });
      } else if (e.kind === 'device') {
        this.record({ t: 'device', simS: this.simS, deviceId: e.deviceId, display: e.display, level: e.level });
      }
    }
    this.syncTimeline();
    for (const l of this.listeners) l.twin(events);
  }

  /** New scenario timeline entries go to the journal as they appear. */
  private syncTimeline(): void {
    for (const e of this.run.timeline.slice(this.timelineSeen)) this.record({ t: 'timeline', simS: e.tS, kind: e.kind, text: e.text });
    this.timelineSeen = this.run.timeline.length;
  }

  /** Withdrawn by the server: not running and nobody connected for too long (the room decides when). */
  abandon(): void { this.end('abandoned', 'server'); }

  private end(outcome: DrillOutcome, by: string): Outcome {
    if (this.status === 'ended') return { ok: false, reason: ENDED };
    this.status = 'ended';
    this.syncTimeline();
    this.record({ t: 'control', simS: this.simS, by, cmd: 'end' });
    this.record({ t: 'end', simS: this.simS, outcome });
    this.journal.flush();
    return { ok: true, outcome: say(outcome, { resolved: '已处置', failed: '失败', ended_by_trainer: '教官已结束演练', abandoned: '无人参演，已撤销' }[outcome]) };
  }

  async close(): Promise<void> {
    this.journal.flush();
    this.unsubscribe();
    this.run.stop();
    this.pipeline.close();
    this.avatars.free();
    await this.link?.close();
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const STATUS_ZH: Record<DrillStatus, string> = { lobby: '待开始', running: '进行中', paused: '已暂停', ended: '已结束' };
const CMD_ZH: Record<'start' | 'pause' | 'resume' | 'end', string> = { start: '开始', pause: '暂停', resume: '继续', end: '结束' };
const ENDED = say('the drill has ended', '演练已结束');
const NOT_IN = say('you are not in this drill', '你不在本次演练中');
const NOT_RUNNING: Record<DrillStatus, Text> = { lobby: say('the drill has not started yet', '演练尚未开始'), running: say('the drill is running', '演练进行中'), paused: say('the drill is paused', '演练已暂停'), ended: ENDED };
const TASK_KIND_ZH: Record<Task['kind'], string> = { grid_worker: '网格员', micro_fire_station: '微型消防站', aed: 'AED', hydrant: '消火栓' };
const TASK_STATE_ZH: Record<'en_route' | 'done', string> = { en_route: '出发', done: '完成' };
const cleanText = (t: unknown) => (typeof t === 'string' ? t.replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, MAX_TEXT) : '');
