// The live path: a device's message (deviceIngest.ts) or a person's action (liveDesks.ts) through the twin
// core, recorded in the journal, then announced (announcer.ts: MQTT, CAP, notifications, rooms). This class
// is what joins them: the core, the journal and its history, and the rule that nothing is announced before
// it is recorded (but for life safety while the disk refuses). A drill uses it with its own topic root and
// core, for announcing what its kernel did.
import type { MqttLink } from '../bridge/mqttLink';
import { topicsFor, type TopicRoot } from '../bridge/topics';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { RuleSet } from '../twin-assets/rulesSchema';
import { Announcer } from './announcer';
import type { Clock } from './clock';
import { TwinCore, type TwinEvent } from './core/twinCore';
import { DeviceIngest } from './deviceIngest';
import { LiveDesks } from './liveDesks';
import type { Metrics } from './metrics';
import type { NotificationSink } from './notify/sinks';
import { Journal, type JournalMirror, type JournalRecord, type Replayed } from './journal/journal';
import { SHARED_LOG_REFUSED } from './cluster/sharedLiveLog';
import type { History } from './history/history';
import type { HistoryWriter } from './history/historyWriter';
import { RejectionLog } from './rejectionLog';

/** What `emit` answers when there is nothing to record: one promise, not one per quiet reading. */
const RECORDED = Promise.resolve(true);

export class LivePipeline {
  readonly core: TwinCore;
  readonly topics;
  readonly announcer: Announcer;
  /** Operators' actions and residents' reports (live only). */
  readonly desks: LiveDesks;
  private readonly ingest: DeviceIngest;
  private readonly rejections: RejectionLog;
  private readonly log: (line: string) => void;
  private journal: Journal | null = null;
  /** With REDIS_URL: the log the district's processes share, which every journal commit also goes to. */
  private mirror: JournalMirror | null = null;
  journalFile: string | null = null;
  /** The history the journal feeds (live only), and its writer for this journal. */
  private history: History | null = null;
  private historyWriter: HistoryWriter | null = null;

  constructor(readonly index: DistrictIndex, readonly rules: RuleSet, root: TopicRoot,
    private readonly clock: Clock, private readonly metrics: Metrics, log: (line: string) => void, core?: TwinCore) {
    // A drill's core belongs to its incident kernel, which steps it; this pipeline only announces what it did.
    this.core = core ?? new TwinCore(index, rules, root.kind === 'drill');
    this.topics = topicsFor(root, index.district.id);
    this.announcer = new Announcer(index, root, this.topics, metrics, log);
    this.desks = new LiveDesks(index, this.core, clock, metrics, this.announcer, {
      emit: (events, now) => this.emit(events, now), record: (r) => this.record(r), unrecorded: () => this.unrecorded(),
    });
    this.ingest = new DeviceIngest(index, this.core);
    this.rejections = new RejectionLog(clock, log);
    this.log = log;
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
    this.desks.reports.restore(replayed.reports);
    for (const [id, note] of Object.entries(replayed.serviceNotes)) this.desks.serviceNotes.set(id, note);
    this.emit(this.core.restore(replayed, this.clock.now()), this.clock.now(), { fromJournal: true });
    journal.state = () => ({
      alarms: this.core.alarms.openStored(),
      tasks: this.core.openAlarms().flatMap((a) => this.core.dispatch.tasksOf(a.id)),
      outOfService: this.core.alarms.outOfServiceDevices(),
      lastHeard: this.core.devices.lastHeardAll(),
      reports: this.desks.reports.list(),
      serviceNotes: Object.fromEntries(this.desks.serviceNotes),
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
  republishOpenAlarms(): void { this.announcer.republish(this.core.openAlarms()); }

  /** Writes what is pending: the journal, then what the database has still to take from it. */
  async close(): Promise<void> {
    this.journal?.close(this.clock.now());
    await this.mirror?.close();
    if (this.historyWriter) { await this.historyWriter.close(); this.history!.forget(this.historyWriter); }
  }

  /** Connects the broker: announcements go out on it, and the retained alarms are put back at every reconnect. */
  attach(link: MqttLink, options: { webhookUrl?: string | null; extraSinks?: NotificationSink[] } = {}): void {
    this.announcer.attach(link, () => this.core.openAlarms(), options);
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

  /** Why nothing can be recorded now (the journal's disk, the shared log's database, the history's database). */
  private unrecorded(): { ok: false; code: 'unrecorded'; message: string } | null {
    const failing = this.journalFailing;
    if (failing) {
      const shared = failing.startsWith(SHARED_LOG_REFUSED);
      return { ok: false, code: 'unrecorded', message: shared ? `${failing}: this cannot be recorded now; try again once the database is back` : `the journal cannot record this now (${failing}); try again once the disk has room` };
    }
    const database = this.historyWriter?.failing;
    return database ? { ok: false, code: 'unrecorded', message: `${database}: this cannot be recorded in the history now; try again once the database is back` } : null;
  }

  /** A record of the desks' own, committed with what else is pending; null without a journal. */
  private record(r: JournalRecord): Promise<boolean> | null {
    if (!this.journal) return null;
    this.journal.append(r);
    return this.journal.commit().then(() => true, () => false);
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
    const tell = () => this.announcer.tell(events, now, opts.fromJournal);
    if (!journal) { tell(); return Promise.resolve(true); }
    return journal.commit().then(() => { tell(); return true; }, () => {
      this.metrics.journalFailing.set(1);
      this.metrics.unrecordedEvents.inc(events.length);
      tell();
      return false;
    });
  }
}
