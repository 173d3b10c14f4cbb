// The live desks: what people do to the live twin. Operators acknowledge, shelve and unshelve alarms, move
// dispatch tasks, take devices out of service and send them commands; residents report hazards, which the
// street centre triages and sees put right. Each is checked by the core (or the report desk), recorded
// before anyone is answered (`recorded`), then announced; while nothing can be recorded it is refused
// (`unrecorded`, HTTP 503) rather than answered with a false success.
import { randomBytes } from 'node:crypto';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { Actor, AlarmJson } from '../twin-assets/protocol';
import type { HazardReport, ReportPhoto, ReportTriage } from '../twin-assets/reports';
import type { Announcer } from './announcer';
import type { Clock } from './clock';
import type { ActionResult, AlarmEngine } from './core/alarmEngine';
import type { Task, TaskState } from './core/dispatch';
import type { TwinCore, TwinEvent } from './core/twinCore';
import type { JournalRecord, ServiceNote } from './journal/journal';
import type { Metrics } from './metrics';
import { ReportDesk, type NewReport } from './reports/reportDesk';

/** Why an action was refused; `unrecorded`: the journal cannot write it now (HTTP 503). */
export type RefusalCode = 'not_found' | 'wrong_state' | 'unrecorded';
/** An action's result; `recorded` resolves once its transitions are on disk — false if the disk refused
 * them (they wait in memory and are written later): answer no one with success before it is true. */
export type ActionOutcome = { ok: true; alarm: AlarmJson | null; recorded: Promise<boolean> } | { ok: false; code: RefusalCode; message: string };
export type ReportOutcome = { ok: true; report: HazardReport; recorded: Promise<boolean> } | { ok: false; code: RefusalCode | 'bad_place'; message: string };
type Unrecorded = { ok: false; code: 'unrecorded'; message: string };

/** How the desks have something recorded: the live pipeline's journal (livePipeline.ts). */
export interface Recorder {
  /** Records the events, then announces them; resolves to whether they were recorded. */
  emit(events: TwinEvent[], now: number): Promise<boolean>;
  /** A record of the desk's own (a command sent, a service note), committed; null without a journal. */
  record(r: JournalRecord): Promise<boolean> | null;
  /** Why nothing can be recorded now; null when it can. */
  unrecorded(): Unrecorded | null;
}

export class LiveDesks {
  /** Why each device out of service was taken out, and by whom. */
  readonly serviceNotes = new Map<string, ServiceNote>();
  /** Residents' hazard reports. */
  readonly reports: ReportDesk;

  constructor(private readonly index: DistrictIndex, private readonly core: TwinCore, private readonly clock: Clock, private readonly metrics: Metrics,
    private readonly announcer: Announcer, private readonly recorder: Recorder) {
    this.reports = new ReportDesk(index);
  }

  acknowledge(alarmId: string, by: Actor): ActionOutcome {
    const outcome = this.act((engine, now) => engine.acknowledge(alarmId, by, now), alarmId);
    this.metrics.acks.inc({ outcome: outcome.ok ? 'ok' : outcome.code });
    return outcome;
  }

  shelve(alarmId: string, by: Actor, minutes: number, reason: string): ActionOutcome {
    return this.act((engine, now) => engine.shelve(alarmId, by, now, now + minutes * 60_000, reason), alarmId);
  }

  unshelve(alarmId: string, by: Actor): ActionOutcome {
    return this.act((engine, now) => engine.unshelve(alarmId, by, now), alarmId);
  }

  /** Sends a command to a device; its answer (or its silence) comes back through the core. */
  sendCommand(deviceId: string, cmd: string, by: Actor): { ok: true; reqId: string } | { ok: false; code: 'not_found'; message: string } {
    if (!this.index.devices.has(deviceId)) return { ok: false, code: 'not_found', message: `no device "${deviceId}"` };
    // 128 random bits: a device's answer names it, so nobody can answer a command by guessing it.
    const rec = this.core.sendCommand(deviceId, cmd, by, this.clock.now(), randomBytes(16).toString('base64url'));
    void this.recorder.record({ t: 'command', at: rec.sentAt, command: rec });
    this.announcer.command(deviceId, { cmd, reqId: rec.reqId, by: by.name });
    return { ok: true, reqId: rec.reqId };
  }

  /** A resident's report: journaled, then shown in the room; answer the resident once `recorded` is true. */
  submitReport(r: NewReport): ReportOutcome {
    const unrecorded = this.recorder.unrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.reports.submit(r, now);
    if (!result.ok) return result;
    this.metrics.reports.inc({ category: r.category });
    return { ok: true, report: result.report, recorded: this.recorder.emit([{ kind: 'report', report: result.report }], now) };
  }

  /** Triage (accept, reject, duplicate, assign); accepting tells every tier at once. */
  triageReport(id: string, triage: ReportTriage, by: Actor): ReportOutcome {
    return this.reportAction((now) => this.reports.triage(id, triage, by, now));
  }

  rectifyReport(id: string, afterPhoto: ReportPhoto, by: Actor, note: string): ReportOutcome {
    return this.reportAction((now) => this.reports.rectify(id, afterPhoto, by, note, now));
  }

  updateTask(taskId: string, state: TaskState, by: Actor): { ok: true; task: Task; recorded: Promise<boolean> } | { ok: false; code: RefusalCode; message: string } {
    const unrecorded = this.recorder.unrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.core.updateTask(taskId, state, by, now);
    if (!result.ok) return result;
    return { ok: true, task: result.task, recorded: this.recorder.emit(result.twinEvents, now) };
  }

  setOutOfService(deviceId: string, outOfService: boolean, by: Actor, reason?: string): ActionOutcome {
    const outcome = this.act((engine, now) => engine.setOutOfService(deviceId, outOfService, by, now, reason), null);
    if (!outcome.ok) return outcome;
    if (outOfService) this.serviceNotes.set(deviceId, { at: this.clock.now(), by: by.name, byId: by.id, reason: reason ?? '' }); else this.serviceNotes.delete(deviceId);
    const noted = this.recorder.record({ t: 'service', at: this.clock.now(), deviceId, outOfService, by: by.name, byId: by.id, ...(reason ? { reason } : {}) });
    return noted ? { ...outcome, recorded: Promise.all([outcome.recorded, noted]).then(([a, b]) => a && b) } : outcome;
  }

  private reportAction(action: (now: number) => ReturnType<ReportDesk['triage']>): ReportOutcome {
    const unrecorded = this.recorder.unrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = action(now);
    if (!result.ok) return result;
    const recorded = this.recorder.emit([{ kind: 'report', report: result.report }], now);
    if (result.accepted) this.announcer.reportAccepted(result.report, now);
    return { ok: true, report: result.report, recorded };
  }

  private act(action: (engine: AlarmEngine, now: number) => ActionResult, alarmId: string | null): ActionOutcome {
    const unrecorded = this.recorder.unrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.core.act(now, (engine) => action(engine, now));
    if (!result.ok) return result;
    const recorded = this.recorder.emit(result.twinEvents ?? [], now);
    return { ok: true, alarm: alarmId ? this.core.alarms.get(alarmId) ?? null : null, recorded };
  }
}
