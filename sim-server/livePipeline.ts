// The live path's adapter: MQTT message → bridge interpretation → twin core → alarm JSON, CAP and
// room updates out. The same class serves a drill with its own topic root and exercise flag.
import { CapComposer } from '../bridge/capFromAlarm';
import type { MqttLink } from '../bridge/mqttLink';
import { topicsFor, type TopicRoot } from '../bridge/topics';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { RuleSet } from '../twin-assets/rulesSchema';
import type { Actor, AlarmJson } from '../twin-assets/protocol';
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import type { ActionResult, AlarmEngine } from './core/alarmEngine';
import type { Task, TaskState } from './core/dispatch';
import { TwinCore, type TwinEvent } from './core/twinCore';
import { DeviceIngest } from './deviceIngest';
import type { Metrics } from './metrics';
import { planNotifications, planReportNotifications } from './core/notifications';
import { ReportDesk, type NewReport } from './reports/reportDesk';
import type { HazardReport, ReportPhoto, ReportTriage } from '../twin-assets/reports';
import { InAppSink, mqttGatewaySink, Notifier, webhookSink, type NotificationSink } from './notify/sinks';
import { Journal, type JournalMirror, type Replayed, type ServiceNote } from './journal/journal';
import { SHARED_LOG_REFUSED } from './cluster/sharedLiveLog';
import type { History } from './history/history';
import type { HistoryWriter } from './history/historyWriter';
import { RejectionLog } from './rejectionLog';

export type TwinListener = (events: TwinEvent[]) => void;
/** What `emit` answers when there is nothing to record: one promise, not one per quiet reading. */
const RECORDED = Promise.resolve(true);
/** Why an action was refused; `unrecorded`: the journal cannot write it now (HTTP 503). */
export type RefusalCode = 'not_found' | 'wrong_state' | 'unrecorded';
/** An action's result; `recorded` resolves once its transitions are on disk — false if the disk refused
 * them (they wait in memory and are written later): answer no one with success before it is true. */
export type ActionOutcome = { ok: true; alarm: AlarmJson | null; recorded: Promise<boolean> } | { ok: false; code: RefusalCode; message: string };
export type ReportOutcome = { ok: true; report: HazardReport; recorded: Promise<boolean> } | { ok: false; code: RefusalCode | 'bad_place'; message: string };

export class LivePipeline {
  readonly core: TwinCore;
  readonly topics;
  private readonly cap: CapComposer;
  private readonly listeners = new Set<TwinListener>();
  private readonly rejections: RejectionLog;
  private readonly ingest: DeviceIngest;
  private link: MqttLink | null = null;
  readonly inApp = new InAppSink();
  /** Why each device out of service was taken out, and by whom. */
  readonly serviceNotes = new Map<string, ServiceNote>();
  /** Residents' hazard reports (live only). */
  readonly reports: ReportDesk;
  private notifier: Notifier;
  private readonly log: (line: string) => void;
  private journal: Journal | null = null;
  /** With REDIS_URL: the log the district's processes share, which every journal commit also goes to. */
  private mirror: JournalMirror | null = null;
  journalFile: string | null = null;
  /** The history the journal feeds (live only), and its writer for this journal. */
  private history: History | null = null;
  private historyWriter: HistoryWriter | null = null;

  constructor(readonly index: DistrictIndex, readonly rules: RuleSet, private readonly root: TopicRoot,
    private readonly clock: Clock, private readonly metrics: Metrics, log: (line: string) => void, core?: TwinCore) {
    const exercise = root.kind === 'drill';
    // A drill's core belongs to its incident kernel, which steps it; this pipeline only announces what it did.
    this.core = core ?? new TwinCore(index, rules, exercise);
    this.cap = new CapComposer(index, exercise);
    this.reports = new ReportDesk(index);
    this.topics = topicsFor(root, index.district.id);
    this.ingest = new DeviceIngest(index, this.core);
    this.rejections = new RejectionLog(clock, log);
    this.log = log;
    this.notifier = new Notifier([this.inApp], metrics, log);
    metrics.openAlarms.source = () => this.core.alarms.countOpenByLevel();
  }

  /** Opens the journal and brings back what it holds: open alarms with their timers, tasks, devices out of
   * service and when each device was last heard. Throws JournalCorrupt for a record it cannot read. */
  useJournal(file: string, history: History | null = null, shared: { mirror: JournalMirror; historyName: string } | null = null): Replayed {
    this.journalFile = file;
    const writer = history?.writerFor(file, shared?.historyName) ?? null;
    const onRecovered = () => { if (!this.journal?.failing) this.metrics.journalFailing.set(0); };
    const { journal, replayed } = Journal.open(file, {
      log: this.log, onRecovered, ...(shared ? { mirror: shared.mirror } : {}),
      // The database is fed from what is durable; the journal is not archived while the database is away.
      ...(writer ? { onDurable: (records, offset, segment) => writer.add(records, offset, segment), canCompact: () => writer.mayArchive() } : {}),
    });
    if (history && writer) {
      this.history = history;
      this.historyWriter = writer;
      // A long catch-up (a first start on old journals) changes the tables' statistics: refresh them at once.
      void history.track(writer.start(journal.segment, journal.bytes).then((r) => { if (r.records > 10_000) void history.maintain().catch(() => {}); })).catch((e) => this.log(`history: catching up from the journal failed (${(e as Error).message}); the journal keeps everything, and the next start reads it again`));
    }
    if (replayed.torn) this.metrics.journalTorn.inc();
    this.reports.restore(replayed.reports);
    for (const [id, note] of Object.entries(replayed.serviceNotes)) this.serviceNotes.set(id, note);
    this.emit(this.core.restore(replayed, this.clock.now()), this.clock.now(), { fromJournal: true });
    journal.state = () => ({
      alarms: this.core.alarms.openStored(),
      tasks: this.core.openAlarms().flatMap((a) => this.core.dispatch.tasksOf(a.id)),
      outOfService: this.core.alarms.outOfServiceDevices(),
      lastHeard: this.core.devices.lastHeardAll(),
      reports: this.reports.list(),
      serviceNotes: Object.fromEntries(this.serviceNotes),
    });
    this.journal = journal;
    if (shared) {
      shared.mirror.onRecovered = onRecovered;
      // This owner's turn begins with the state it took over: whoever comes next starts from here.
      shared.mirror.snapshotIfDue(this.clock.now(), journal.state, true);
    }
    this.mirror = shared?.mirror ?? null;
    return replayed;
  }

  /** Records written to the journal since start. */
  get journalRecords(): number { return this.journal?.appended ?? 0; }

  /** Why the journal cannot be written now (the disk refused it), or null. */
  get journalFailing(): string | null { return this.journal?.failing ?? null; }

  /** After a restart of the twin or the broker, the broker may have lost the retained alarms (the embedded one always has). */
  republishOpenAlarms(): void {
    if (!this.link) return;
    for (const alarm of this.core.openAlarms()) void this.link.publish(this.topics.alarm(alarm.id), JSON.stringify(alarm), { qos: 1, retain: true }).catch(() => {});
  }

  /** Writes what is pending: the journal, then what the database has still to take from it. */
  async close(): Promise<void> {
    this.journal?.close(this.clock.now());
    await this.mirror?.close();
    if (this.historyWriter) { await this.historyWriter.close(); this.history!.forget(this.historyWriter); }
  }

  /** Connects the broker, and with it the gateway sink; a webhook is added when one is configured. */
  attach(link: MqttLink, options: { webhookUrl?: string | null; extraSinks?: NotificationSink[] } = {}): void {
    this.link = link;
    // A broker that restarted (or lost its state) has lost the retained alarms: every reconnect puts them back.
    link.client.on('connect', () => this.republishOpenAlarms());
    const sinks: NotificationSink[] = [this.inApp, mqttGatewaySink(link, (c) => this.topics.notify(c), this.root.kind === 'live')];
    if (options.webhookUrl) sinks.push(webhookSink(options.webhookUrl));
    this.notifier = new Notifier([...sinks, ...(options.extraSinks ?? [])], this.metrics, this.log);
  }

  subscribe(listener: TwinListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One device message, taken through the core at once. The MQTT link calls this from mqtt.js's
   * handleMessage: the PUBACK goes out only after it returns, and while it runs mqtt.js reads no more
   * of the socket, so a twin that falls behind slows the broker down (flow control) instead of dropping. */
  onMqttMessage(topic: string, payload: Buffer): void {
    this.handle(topic, payload, this.clock.now());
  }

  private handle(topic: string, payload: Buffer, now: number): void {
    const leaf = topic.slice(topic.lastIndexOf('/') + 1);
    this.metrics.messagesIn.tally(leaf === 'telemetry' || leaf === 'status' || leaf === 'ack' ? leaf : 'other');
    const t0 = performance.now();
    const stop = () => this.metrics.ingestSeconds.observe((performance.now() - t0) / 1000);
    const r = this.ingest.take(topic, payload, now);
    stop();
    if (!r.ok) {
      if (r.why === 'rejected') {
        this.metrics.rejected.inc({ reason: r.reason });
        this.rejections.note(r.deviceId ?? topic, `rejected ${r.reason} on ${topic.slice(0, 200)}: ${r.detail}`);
      } else if (r.why !== 'elsewhere') this.metrics.dropped.inc({ reason: r.why });
      return;
    }
    if (r.message.kind === 'telemetry') {
      if (r.rebased) this.metrics.deviceRestarts.inc();
      this.metrics.readingsAccepted.tally(r.message.format);
      this.history?.readings.minutes.add(r.message.deviceId, r.message.reading.readings, now);
    }
    this.emit(r.events, now);
  }

  now(): number { return this.clock.now(); }

  /** Events the core produced elsewhere (a drill's incident kernel): CAP, notifications and listeners, as for live ones. */
  announce(events: TwinEvent[], now: number): void { void this.emit(events, now); }

  /** Time passing: the live twin calls this every second; tests and drills call it after moving their clock. */
  tick(): void {
    const now = this.clock.now();
    this.emit(this.core.tick(now), now);
    this.journal?.snapshotIfDue(now);
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
    if (this.journal) { this.journal.append({ t: 'command', at: rec.sentAt, command: rec }); void this.journal.commit().catch(() => {}); }
    void this.link?.publish(this.topics.cmd(deviceId), JSON.stringify({ cmd, reqId: rec.reqId, by: by.name }), { qos: 1 }).catch(() => {});
    return { ok: true, reqId: rec.reqId };
  }

  /** A resident's report: journaled, then shown in the room; answer the resident once `recorded` is true. */
  submitReport(r: NewReport): ReportOutcome {
    const unrecorded = this.refuseUnrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.reports.submit(r, now);
    if (!result.ok) return result;
    this.metrics.reports.inc({ category: r.category });
    return { ok: true, report: result.report, recorded: this.emit([{ kind: 'report', report: result.report }], now) };
  }

  /** Triage (accept, reject, duplicate, assign); accepting tells every tier at once. */
  triageReport(id: string, triage: ReportTriage, by: Actor): ReportOutcome {
    return this.reportAction((now) => this.reports.triage(id, triage, by, now));
  }

  rectifyReport(id: string, afterPhoto: ReportPhoto, by: Actor, note: string): ReportOutcome {
    return this.reportAction((now) => this.reports.rectify(id, afterPhoto, by, note, now));
  }

  private reportAction(action: (now: number) => ReturnType<ReportDesk['triage']>): ReportOutcome {
    const unrecorded = this.refuseUnrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = action(now);
    if (!result.ok) return result;
    const recorded = this.emit([{ kind: 'report', report: result.report }], now);
    if (result.accepted) this.notifier.send(planReportNotifications(this.index, result.report, now));
    return { ok: true, report: result.report, recorded };
  }

  updateTask(taskId: string, state: TaskState, by: Actor): { ok: true; task: Task; recorded: Promise<boolean> } | { ok: false; code: RefusalCode; message: string } {
    const unrecorded = this.refuseUnrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.core.updateTask(taskId, state, by, now);
    if (!result.ok) return result;
    return { ok: true, task: result.task, recorded: this.emit(result.twinEvents, now) };
  }

  setOutOfService(deviceId: string, outOfService: boolean, by: Actor, reason?: string): ActionOutcome {
    const outcome = this.act((engine, now) => engine.setOutOfService(deviceId, outOfService, by, now, reason), null);
    if (outcome.ok) {
      if (outOfService) this.serviceNotes.set(deviceId, { at: this.clock.now(), by: by.name, byId: by.id, reason: reason ?? '' }); else this.serviceNotes.delete(deviceId);
    }
    if (outcome.ok && this.journal) {
      this.journal.append({ t: 'service', at: this.clock.now(), deviceId, outOfService, by: by.name, byId: by.id, ...(reason ? { reason } : {}) });
      return { ...outcome, recorded: Promise.all([outcome.recorded, this.journal.commit().then(() => true, () => false)]).then(([a, b]) => a && b) };
    }
    return outcome;
  }

  /** An action that must be recorded is refused while the journal cannot write, rather than answered with a false success. */
  private refuseUnrecorded(): { ok: false; code: 'unrecorded'; message: string } | null {
    const failing = this.journalFailing;
    if (failing) {
      const shared = failing.startsWith(SHARED_LOG_REFUSED);
      return { ok: false, code: 'unrecorded', message: shared ? `${failing}: this cannot be recorded now; try again once the database is back` : `the journal cannot record this now (${failing}); try again once the disk has room` };
    }
    const database = this.historyWriter?.failing;
    return database ? { ok: false, code: 'unrecorded', message: `${database}: this cannot be recorded in the history now; try again once the database is back` } : null;
  }

  private act(action: (engine: AlarmEngine, now: number) => ActionResult, alarmId: string | null): ActionOutcome {
    const unrecorded = this.refuseUnrecorded();
    if (unrecorded) return unrecorded;
    const now = this.clock.now();
    const result = this.core.act(now, (engine) => action(engine, now));
    if (!result.ok) return result;
    const recorded = this.emit(result.twinEvents ?? [], now);
    return { ok: true, alarm: alarmId ? this.core.alarms.get(alarmId) ?? null : null, recorded };
  }

  /** Journal first; once it is on disk, tell everyone: MQTT, CAP, notifications, rooms. If the disk refuses,
   * life safety comes first: the alarms are still announced, their records wait in memory, in order, and are
   * written when the disk accepts writes again; health says so meanwhile. Resolves to whether it was recorded. */
  private emit(events: TwinEvent[], now: number, opts: { fromJournal?: boolean } = {}): Promise<boolean> {
    if (events.length === 0) return RECORDED;
    const journal = opts.fromJournal ? null : this.journal;
    if (journal) {
      for (const event of events) {
        if (event.kind === 'task') journal.append({ t: 'task', at: now, task: event.task });
        if (event.kind === 'report') journal.append({ t: 'report', at: now, report: event.report });
        if (event.kind === 'command') journal.append({ t: 'command', at: now, command: event.command });
        if (event.kind !== 'alarm') continue;
        const stored = this.core.alarms.stored(event.alarm.id);
        if (stored) journal.append({ t: 'alarm', at: now, s: stored });
      }
    }
    const tell = () => {
      for (const event of events) {
        if (event.kind === 'alarm' && !opts.fromJournal) this.publishAlarm(event, now);
        else if (event.kind === 'alarm_flood') this.metrics.alarmFlood.set(event.active ? 1 : 0);
        else if (event.kind === 'dispatch_overdue') this.metrics.dispatchOverdue.inc();
      }
      for (const listener of this.listeners) listener(events);
    };
    if (!journal) { tell(); return Promise.resolve(true); }
    return journal.commit().then(() => { tell(); return true; }, () => {
      this.metrics.journalFailing.set(1);
      this.metrics.unrecordedEvents.inc(events.length);
      tell();
      return false;
    });
  }

  private publishAlarm(event: Extract<TwinEvent, { kind: 'alarm' }>, now: number): void {
    const { alarm } = event;
    if (event.type === 'raised') this.metrics.alarmsRaised.inc({ level: alarm.level });
    if (event.notify && event.notify.round > 1 && event.type === 'updated') this.metrics.escalations.inc();
    if (event.notify) this.notifier.send(planNotifications(this.index, alarm, event.notify.tiers, event.notify.round, now));
    const msgType = event.type === 'raised' ? 'Alert' : event.type === 'closed' ? 'Cancel' : 'Update';
    const { xml } = this.cap.compose(alarm, msgType, now);
    this.metrics.capPublished.inc({ msg_type: msgType });
    if (!this.link) return;
    const alarmTopic = this.topics.alarm(alarm.id);
    // Closed alarms clear their retained message with an empty payload, as the contract says.
    const body = event.type === 'closed' ? '' : JSON.stringify(alarm);
    void this.link.publish(alarmTopic, body, { qos: 1, retain: true }).catch(() => { /* the link reconnects; health shows it */ });
    void this.link.publish(this.topics.cap(), xml, { qos: 1 }).catch(() => {});
  }

}
