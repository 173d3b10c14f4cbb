// One running drill, as a shell around its incident kernel (incident.ts): it feeds the kernel the
// room's inputs and real time (paused, 1–10×), and carries out the effects — journal lines to
// DATA_DIR/drills/<id>.jsonl, alarms announced through the same pipeline as live ones (CAP Exercise, no
// sink that reaches people), readings published on the drill's MQTT tree for observers, notices for
// roles. Every simulated minute the kernel is written down beside the journal (kernelSnapshot.ts): a drill
// that was running when the server died is brought back from that snapshot and the inputs journalled after it
// (or, without a snapshot that fits its journal, by replaying every input), paused at the same simulated time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';
import { connectMqtt, type MqttLink } from '../../bridge/mqttLink';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { Text } from '../../twin-assets/labels';
import type { Actor, DrillControl, DrillInject, Rating, Role, TaskRating } from '../../twin-assets/protocol';
import type { Scenario } from '../../scenarios/schema';
import { TASK_REFS, taskNames, type TaskRef } from '../../scenarios/capabilities';
import { proposeRatings, type TaskProposal } from '../../scenarios/evaluation';
import type { CorrectiveAction } from '../../twin-assets/improvement';
import type { TwinEvent } from '../core/twinCore';
import { LivePipeline } from '../livePipeline';
import { createMetrics, type Metrics } from '../metrics';
import { DrillLog } from './drillLog';
import { Incident, setupOf, STEP_MS, STEPS_PER_S, type IncidentEffect, type IncidentInput, type Outcome, type Player } from './incident';
import { readSnapshot, removeSnapshot, restoreSnapshot, writeSnapshot } from './kernelSnapshot';
import { feedInputs, replayInputs } from './replayInputs';

export type { Outcome, Player };

/** What the room hears from the session. */
export interface SessionListener {
  twin(events: TwinEvent[]): void;
  /** A message for a role, or everyone. */
  notice(to: Role | 'all', from: string, text: string, zh?: string): void;
}

export interface DrillSessionOptions {
  drillId: string; scenario: Scenario; seed: number; team?: string; createdBy?: string; index: DistrictIndex; rules: RuleSet;
  mqttUrl: string; mqttOptions?: IClientOptions; webhookUrl?: string | null; dataDir: string; log: (line: string) => void;
}

const say = (en: string, zh: string): Text => ({ en, zh });
/** Echoes that never came back (QoS 0 may be dropped) are forgotten past this many. */
const MAX_ECHOES = 10_000;
/** How often the kernel is written down, in simulated seconds: a resume replays at most this much. */
export const SNAPSHOT_EVERY_S = 60;

export class DrillSession {
  readonly pipeline: LivePipeline;
  readonly file: string;
  /** Separate from the live twin's metrics: a drill's alarms are not the street's. */
  readonly drillMetrics: Metrics = createMetrics({ processMetrics: false });
  private readonly journal: DrillLog;
  private readonly listeners = new Set<SessionListener>();
  private pendingMs = 0;
  /** What this drill published and the broker has not yet sent back to it. */
  private readonly echoes = new Set<string>();
  private link: MqttLink | null = null;
  private isClosed = false;
  private snapshotDue: number;
  /** The open corrective actions this drill re-tests (from earlier drills of its scenario), for its briefing. */
  retest: CorrectiveAction[] = [];
  /** The evaluators' ratings so far, in the order given. */
  private readonly given: TaskRating[] = [];

  static async create(o: DrillSessionOptions): Promise<DrillSession> {
    mkdirSync(join(o.dataDir, 'drills'), { recursive: true });
    const { incident, effects } = await Incident.create(setupOf({ ...o, createdAt: Date.now() }, o.index, o.rules));
    const session = new DrillSession(o, incident);
    session.carryOut(effects);
    session.journal.flush();
    await session.connect();
    return session;
  }

  /** A drill brought back after the server stopped, from its journal's bytes: from its kernel snapshot and the
   * inputs after it, or by replaying every input (nothing is announced or written twice); then paused and its
   * players marked away until they rejoin. `from` says which, for the log; `how`, for /metrics. */
  static async resume(o: Omit<DrillSessionOptions, 'scenario' | 'seed' | 'drillId'>, file: string, journal: Buffer): Promise<{ session: DrillSession; from: string; how: 'snapshot' | 'replay' | 'snapshot_refused' }> {
    const created = DrillLog.parse(journal.subarray(0, journal.indexOf(0x0a) + 1))[0];
    if (created?.t !== 'created') throw new Error('the journal does not begin with the drill it holds');
    const setup = setupOf(created, o.index, o.rules);
    let incident: Incident | null = null, from = 'every input replayed';
    const snapshot = readSnapshot(file, journal);
    let how: 'snapshot' | 'replay' | 'snapshot_refused' = snapshot ? 'snapshot_refused' : 'replay';
    if (snapshot?.ok) {
      try {
        incident = await restoreSnapshot(setup, snapshot.state);
        const after = DrillLog.parse(journal.subarray(snapshot.header.offset));
        feedInputs(incident, after, () => {});
        from = `its snapshot at ${snapshot.header.simS} s and ${after.filter((r) => r.t === 'input').length} inputs after it`;
        how = 'snapshot';
      } catch (e) {
        incident?.free();
        incident = null;
        o.log(`its snapshot at ${snapshot.header.simS} s does not fit its journal (${(e as Error).message}): replaying every input instead`);
      }
    } else if (snapshot) o.log(`${snapshot.reason}: replaying every input instead`);
    incident ??= await replayInputs(setup, DrillLog.parse(journal), () => {});
    const session = new DrillSession({ ...o, drillId: created.drillId, scenario: created.scenario, seed: created.seed }, incident);
    for (const r of DrillLog.parse(journal)) if (r.t === 'rating') session.given.push({ task: r.task, rating: r.rating, note: r.note, simS: r.simS, by: r.by });
    if (incident.status === 'running') session.input({ kind: 'control', by: 'server (restarted)', role: 'trainer', control: { cmd: 'pause' } });
    for (const p of incident.players.values()) if (p.connected) session.input({ kind: 'connection', playerId: p.id, connected: false });
    session.journal.flush();
    await session.connect();
    session.pipeline.republishOpenAlarms();
    return { session, from, how };
  }

  private constructor(private readonly o: DrillSessionOptions, readonly incident: Incident) {
    this.file = join(o.dataDir, 'drills', `${o.drillId}.jsonl`);
    this.journal = new DrillLog(this.file);
    this.pipeline = new LivePipeline(o.index, o.rules, { kind: 'drill', drillId: o.drillId }, { now: () => incident.now }, this.drillMetrics, o.log, incident.core);
    this.snapshotDue = incident.ticks + SNAPSHOT_EVERY_S * STEPS_PER_S;
  }

  private async connect(): Promise<void> {
    // The scenario's readings are made in the kernel; what else arrives on the drill's device topics (a
    // recording replayed into it) is an input like any other. Our own readings come back from the broker
    // too (MQTT 3.1.1 has no "no local"): they are known by their bytes and skipped.
    this.link = await connectMqtt(this.o.mqttUrl, `street-twin-drill-${this.o.drillId}`, this.pipeline.topics.deviceSubscriptions(), (topic, payload) => {
      const key = `${topic}\n${payload.toString('latin1')}`;
      if (this.echoes.delete(key)) return;
      this.input({ kind: 'device', topic, payload64: payload.toString('base64') });
    }, { ...this.o.mqttOptions, clean: true });
    // The same sinks as live: the webhook (to real people) refuses Exercise; the gateway topics are the drill's own.
    this.pipeline.attach(this.link, { webhookUrl: this.o.webhookUrl ?? null });
  }

  get drillId(): string { return this.o.drillId; }
  get team(): string | undefined { return this.incident.setup.team; }
  get createdAt(): number { return this.incident.setup.createdAt; }
  get createdBy(): string | undefined { return this.incident.setup.createdBy; }
  /** The room has gone and the kernel with it (`close`). */
  get closed(): boolean { return this.isClosed; }
  get scenario(): Scenario { return this.incident.scenario; }
  get status() { return this.incident.status; }
  get speed(): number { return this.incident.speed; }
  get simS(): number { return this.incident.simS; }
  get epoch(): number { return this.incident.epoch; }
  get run() { return this.incident.run; }
  get players() { return this.incident.players; }
  get casualties() { return this.incident.casualties; }
  get avatars() { return this.incident.avatars; }

  listen(l: SessionListener): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  /** One input through the kernel, and its effects carried out. A closed drill's kernel is gone (its physics
   * world freed): what still arrives — a player's page dropping as the room goes — changes nothing. */
  private input(input: IncidentInput, recorded = false): Outcome {
    if (this.isClosed) return { ok: false, reason: say('the drill is over and closed', '演练已结束并关闭') };
    const { outcome, effects } = this.incident.step(input, { recorded });
    this.carryOut(effects);
    return outcome;
  }

  private carryOut(effects: IncidentEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'record') this.journal.append(e.record);
      else if (e.kind === 'twin') { this.pipeline.announce(e.events, e.now); for (const l of this.listeners) l.twin(e.events); }
      else if (e.kind === 'publish') {
        this.echoes.add(`${e.topic}\n${Buffer.from(e.payload).toString('latin1')}`);
        if (this.echoes.size > MAX_ECHOES) this.echoes.delete(this.echoes.values().next().value!);
        void this.link?.publish(e.topic, e.payload, { qos: e.qos }).catch(() => {});
      }
      else for (const l of this.listeners) l.notice(e.to, e.from, e.text, e.zh);
    }
  }

  /** A seat: `who` is the person's account id or a guest's id (one seat each); machine credentials have none. */
  join(role: Role, name: string, who?: string): Player {
    const outcome = this.input({ kind: 'join', role, name, ...(who !== undefined ? { who } : {}) });
    return this.incident.players.get((outcome as { playerId: string }).playerId)!;
  }

  /** The player has gone: before the drill begins, their seat and figure go too; once it runs, they are away. */
  leave(playerId: string): void {
    if (this.incident.players.has(playerId)) this.input({ kind: 'leave', playerId });
  }

  setConnected(playerId: string, connected: boolean): void {
    if (this.incident.players.get(playerId)?.connected !== connected) this.input({ kind: 'connection', playerId, connected });
  }

  /** The trainer's control: on disk before it takes effect, or refused. */
  control(by: string, c: DrillControl, role: Role = 'trainer'): Outcome {
    if (c.cmd === 'skip') return this.skipToAlarm();
    const input: IncidentInput = { kind: 'control', by, role, control: c };
    if (!this.journal.appendNow(this.incident.inputRecord(input))) {
      return this.unwritable();
    }
    const outcome = this.input(input, true);
    this.journal.flush();
    return outcome;
  }

  /** Simulated time on at once, tick by tick (each journalled as at any speed), to the first alarm: at 1× the gas
   * scenario shows nothing for eleven minutes. Stops at the drill's time limit, or when it stops running. */
  private skipToAlarm(): Outcome {
    if (this.incident.status !== 'running') return { ok: false, reason: say('only a running drill skips ahead', '只有进行中的演练可以快进') };
    if (this.run.firstAlarmS !== null) return { ok: false, reason: say('the first alarm has been raised already', '首次报警已经发出') };
    const limit = this.scenario.end.failAfterS * STEPS_PER_S;
    for (let n = 0; n < limit && this.incident.status === 'running' && this.run.firstAlarmS === null; n++) this.input({ kind: 'tick' });
    this.journal.flush();
    const at = this.incident.simS;
    return this.run.firstAlarmS !== null
      ? { ok: true, outcome: say(`skipped to the first alarm, at ${Math.floor(at / 60)} min ${Math.round(at % 60)} s`, `已快进到首次报警（演练时间 ${Math.floor(at / 60)}分${Math.round(at % 60)}秒）`) }
      : { ok: true, outcome: say('skipped ahead: no alarm came', '已快进：未出现报警') };
  }

  inject(by: string, inject: DrillInject): Outcome { return this.input({ kind: 'inject', by, inject }); }
  say(by: string, to: Role | 'all', text: string): Outcome { return this.input({ kind: 'say', by, to, text }); }
  move(playerId: string, x: number, y: number): Outcome { return this.input({ kind: 'move', playerId, x, y }); }
  act(playerId: string, action: string, extra: { text?: string; householdId?: string } = {}): Outcome { return this.input({ kind: 'act', playerId, action, ...extra }); }
  task(playerId: string, taskId: string, state: 'en_route' | 'done'): Outcome { return this.input({ kind: 'task', playerId, taskId, state }); }
  private unwritable(): Outcome {
    return { ok: false, reason: say(`the drill's journal cannot be written now (${this.journal.failing}); try again once the disk has room`, `演练记录暂时无法写入（${this.journal.failing}），请待磁盘腾出空间后重试`) };
  }

  /** An evaluator's rating of a critical task, with their note, stamped in simulated time: on disk before it is
   * taken, or refused. Not an input of the kernel (nothing in the drill changes): a replay leaves it out. */
  rate(by: Actor, task: string, rating: Rating, note: string): Outcome {
    if (this.isClosed) return { ok: false, reason: say('the drill is over and closed', '演练已结束并关闭') };
    if (!(TASK_REFS as string[]).includes(task)) return { ok: false, reason: say(`"${task}" is not a critical task of the list (capabilities.ts)`, `“${task}”不是关键任务清单中的任务`) };
    const simS = this.incident.simS;
    if (!this.journal.appendNow({ t: 'rating', simS, task, rating, note, by: by.name, who: by.id })) {
      return this.unwritable();
    }
    this.given.push({ task, rating, note, simS, by: by.name });
    const names = taskNames(task as TaskRef).task;
    return { ok: true, outcome: say(`${names.en}: rated ${rating}`, `${names.zh}：评为${rating}`) };
  }

  /** The ratings given so far (a later one of a task supersedes an earlier one). */
  get ratings(): readonly TaskRating[] { return this.given; }
  /** Each exercised task's proposed rating from the evidence so far. */
  proposals(): TaskProposal[] { return proposeRatings(this.scenario, this.run.objectives(), this.run.firstAlarmS); }

  distanceToIncident(playerId: string): number | null { return this.incident.distanceToIncident(playerId); }

  /** Real time passing (the room's tick): while running, simulated time moves at `speed`, a kernel tick at a time. */
  advance(realMs: number): void {
    if (this.incident.status === 'running') {
      this.pendingMs += realMs * this.incident.speed;
      while (this.pendingMs >= STEP_MS && this.incident.status === 'running') {
        this.pendingMs -= STEP_MS;
        this.input({ kind: 'tick' });
      }
    }
    this.journal.flush();
    if (this.incident.ticks >= this.snapshotDue) this.snapshot();
  }

  /** The kernel written down beside its journal, once everything up to now is on disk. A snapshot is only a
   * shortcut for a resume: one that cannot be written is logged, and a restart replays every input. */
  private snapshot(): void {
    const at = this.journal.written;
    if (!at || this.incident.over) return;
    this.snapshotDue = this.incident.ticks + SNAPSHOT_EVERY_S * STEPS_PER_S;
    try { writeSnapshot(this.file, this.incident, at.offset, at.lastLine); }
    catch (e) { this.o.log(`its kernel snapshot could not be written (${(e as Error).message}); a restart would replay every input`); }
  }

  /** Writes what the journal has batched (it is written once per room tick): before a report is built from it. */
  flushJournal(): void { this.journal.flush(); }

  /** Withdrawn by the server: nobody connected for too long, or the debrief emptied (the room decides when). */
  abandon(): void { this.input({ kind: 'abandon' }); this.journal.flush(); }

  /** The room has gone: a debrief nobody is in any more is closed. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    if (this.status === 'debrief') this.input({ kind: 'close' });
    this.journal.flush();
    // A drill still under way (the server is stopping) is written down for the restart; an ended one needs none.
    if (this.incident.over) removeSnapshot(this.file); else this.snapshot();
    this.journal.close();
    this.isClosed = true;
    await this.pipeline.close();
    this.incident.free();
    await this.link?.close();
  }
}
