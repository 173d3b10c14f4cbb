// The durable journal: append-only JSON lines in DATA_DIR (written by lineFile.ts), behind a snapshot.
// Records appended in one turn of the event loop are committed together: every byte written, then
// fdatasync'ed, and only then is anyone told (MQTT, CAP, rooms, HTTP answers).
//
// When the disk refuses (ENOSPC, EIO) the unwritten bytes stay in memory, in order, and are retried
// every second; `failing` says why until a retry succeeds. The pipeline still announces life-safety
// alarms meanwhile, and refuses actions that must be recorded.
//
// A snapshot (the state a restart needs, and where in the journal it stands) is written once a minute;
// past `compactBytes` the journal is rotated into archive/ behind a fresh snapshot, so a start reads a
// bounded tail whatever the uptime.
import {
  closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync,
  renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { StoredAlarm } from '../core/alarmEngine';
import type { Task } from '../core/dispatch';
import type { HazardReport } from '../../twin-assets/reports';
import { LineFile } from './lineFile';
import { describeIssue, journalRecord, snapshot as snapshotSchema, type JournalRecord, type Snapshot } from './records';

export type { JournalRecord } from './records';

export interface ServiceNote { at: number; by: string; byId?: string; reason: string }

export interface Replayed {
  alarms: StoredAlarm[]; outOfService: string[]; tasks: Task[]; lastHeard: Record<string, number>;
  /** Residents' reports, each as last recorded. */
  reports: HazardReport[];
  /** Why each device out of service was taken out. */
  serviceNotes: Record<string, ServiceNote>;
  /** Records read from the journal's tail (behind the snapshot). */
  records: number;
  fromSnapshot: boolean;
  /** When the journal file began (the snapshot says; 0 for journals from before segments were named). */
  segment: number;
  /** Lines in the journal file, and the last one's text: where the next snapshot's check starts. */
  lines: number;
  lastLineText: string | null;
  /** A last line cut short by a crash: cut off, its bytes kept aside. */
  torn: { offset: number; bytes: number; keptIn: string } | null;
}

/** The state a snapshot records, supplied by whoever owns it (the pipeline). */
export type SnapshotState = Omit<Snapshot, 'v' | 'at' | 'journalOffset' | 'lastLine' | 'segment'>;

export class JournalCorrupt extends Error {
  constructor(readonly file: string, readonly line: number | null, reason: string) {
    super(`journal ${file}${line === null ? '' : `:${line}`}: ${reason}`);
  }
}

/** A commit the disk refused: the records wait in memory and are written when it accepts writes again. */
export class JournalUnavailable extends Error {}

export interface JournalOptions {
  /** Rotate into archive/ behind a snapshot once the journal is this big (bytes). */
  compactBytes?: number;
  /** Archived segments kept; older ones are deleted. */
  archivesKept?: number;
  snapshotEveryMs?: number;
  retryMs?: number;
  log?: (line: string) => void;
  /** The disk accepted writes again after refusing them. */
  onRecovered?: () => void;
  /** Records now on disk, in order, with where the journal ends after them: what the history is fed from. */
  onDurable?: (records: JournalRecord[], offset: number, segment: number) => void;
  /** Whether the journal may move into archive/ now (the history has everything in it). */
  canCompact?: () => boolean;
  /** Where every record also goes before its commit resolves: the log a district's processes share (cluster/sharedLiveLog.ts). */
  mirror?: JournalMirror;
}

/** A second home for the journal's records, committed with them. */
export interface JournalMirror {
  append(r: JournalRecord): void;
  commit(): Promise<void>;
  readonly failing: string | null;
  snapshotIfDue(now: number, state: () => SnapshotState, force?: boolean): void;
  close(): Promise<void>;
  /** Called when it takes writes again after refusing them. */
  onRecovered: () => void;
}

const DEFAULTS = { compactBytes: 8 * 2 ** 20, archivesKept: 4, snapshotEveryMs: 60_000, retryMs: 1000 };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const snapshotFileOf = (file: string) => file.replace(/\.jsonl$/, '') + '.snapshot.json';

export class Journal {
  private out: LineFile;
  private batch: string[] = [];
  /** Records appended and not yet on disk, in order (the disk may have refused some). */
  private pending: JournalRecord[] = [];
  private lines: number;
  private lastLineText: string | null;
  /** When this journal file began; a compaction starts a new one. */
  segment: number;
  /** Bytes the disk refused, oldest first; written before anything newer. */
  private unwritten: Buffer | null = null;
  private waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private lastSnapshotAt = -Infinity;
  private readonly opts: Required<Omit<JournalOptions, 'log' | 'onRecovered' | 'onDurable' | 'canCompact' | 'mirror'>> & JournalOptions;
  /** Records appended since it was opened. */
  appended = 0;
  /** Bytes on disk. */
  get bytes(): number { return this.out.size; }
  /** Why the disk refuses the journal now. */
  private diskFailing: string | null = null;
  /** Why the journal cannot be written now (the disk, or the shared live log's database); null when it can. */
  get failing(): string | null { return this.diskFailing ?? this.opts.mirror?.failing ?? null; }
  /** Where the state for snapshots comes from; without one, no snapshots (and no compaction). */
  state: (() => SnapshotState) | null = null;

  private constructor(readonly file: string, opts: JournalOptions, replayed: Replayed) {
    this.opts = { ...DEFAULTS, ...opts };
    this.out = new LineFile(file, true);
    this.segment = replayed.segment;
    this.lines = replayed.lines;
    this.lastLineText = replayed.lastLineText;
  }

  /** Reads the snapshot and the journal behind it (cutting a torn last line), then opens it for appending. */
  static open(file: string, opts: JournalOptions = {}): { journal: Journal; replayed: Replayed } {
    const replayed = Journal.read(file, opts.log);
    return { journal: new Journal(file, opts, replayed), replayed };
  }

  /** A journal begun afresh from state kept elsewhere (the shared live log, when this process takes the live
   * stream over): what the file held moves to archive/ (the history has read it, or reads it from there), then
   * the snapshot and the records after it are written as a new segment, so `open` brings back exactly them. */
  static seed(file: string, base: Snapshot | null, records: JournalRecord[], now: number): void {
    const snapFile = snapshotFileOf(file);
    const lines = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    writeDurably(`${file}.seed`, lines);
    if (base) writeDurably(`${snapFile}.tmp`, JSON.stringify({ ...base, at: now, journalOffset: 0, lastLine: null, segment: now } satisfies Snapshot));
    const size = existsSync(file) ? statSync(file).size : 0;
    if (size > 0) {
      const archive = join(dirname(file), 'archive');
      mkdirSync(archive, { recursive: true });
      renameSync(file, join(archive, archivedName(file, now, size)));
    }
    if (base) renameSync(`${snapFile}.tmp`, snapFile); else rmSync(snapFile, { force: true });
    renameSync(`${file}.seed`, file);
    syncDir(dirname(file));
  }

  /** The journal's last word on each alarm, task and device. Throws JournalCorrupt for a bad record. */
  static read(file: string, log: (line: string) => void = () => {}): Replayed {
    const snapFile = snapshotFileOf(file);
    let base: Snapshot | null = null;
    if (existsSync(snapFile)) {
      let raw: unknown;
      try { raw = JSON.parse(readFileSync(snapFile, 'utf8')); } catch (e) { throw new JournalCorrupt(snapFile, null, `the snapshot is not JSON (${(e as Error).message})`); }
      const parsed = snapshotSchema.safeParse(raw);
      if (!parsed.success) throw new JournalCorrupt(snapFile, null, `the snapshot is not valid: ${describeIssue(parsed.error)}`);
      base = parsed.data as Snapshot;
    }
    const alarms = new Map((base?.alarms ?? []).map((s) => [s.alarm.id, s]));
    const tasks = new Map((base?.tasks ?? []).map((t) => [t.id, t]));
    const service = new Map((base?.outOfService ?? []).map((id) => [id, true]));
    const reports = new Map((base?.reports ?? []).map((r) => [r.id, r]));
    const notes: Record<string, ServiceNote> = { ...(base?.serviceNotes ?? {}) };
    const out: Replayed = { alarms: [], outOfService: [], tasks: [], reports: [], serviceNotes: {}, lastHeard: { ...(base?.lastHeard ?? {}) }, records: 0, fromSnapshot: base !== null, torn: null, segment: base?.segment ?? 0, lines: 0, lastLineText: null };
    if (existsSync(file)) {
      const buf = readFileSync(file);
      // A snapshot taken just before a rotation points past the fresh journal: its records are all in it.
      let from = base && base.journalOffset <= buf.length ? base.journalOffset : 0;
      let linesBefore = countNewlines(buf, 0, from);
      if (from > 0 && base?.lastLine && !lineEndsAt(buf, from, linesBefore, base.lastLine)) {
        // Edited by hand since the snapshot: its offset no longer falls after the line it names. Name the first
        // line that does not read; if all do, replaying the whole file over the snapshot is safe (each record
        // is a latest state), so do that.
        firstBadLine(file, buf);
        log(`journal ${file}: changed before the snapshot's position (line ${base.lastLine.line} is no longer where the snapshot left it); every record is read again`);
        from = 0;
        linesBefore = 0;
      }
      let line = 1 + linesBefore;
      const fold = (r: JournalRecord) => {
        out.records++;
        if (r.t === 'alarm') alarms.set(r.s.alarm.id, r.s);
        else if (r.t === 'task') tasks.set(r.task.id, r.task);
        else if (r.t === 'report') reports.set(r.report.id, r.report);
        else if (r.t === 'service') { service.set(r.deviceId, r.outOfService); if (r.outOfService) notes[r.deviceId] = { at: r.at, by: r.by, ...(r.byId ? { byId: r.byId } : {}), reason: r.reason ?? '' }; else delete notes[r.deviceId]; }
      };
      const end = buf.lastIndexOf(0x0a) + 1;
      for (let nl = buf.indexOf(0x0a, from); nl !== -1 && nl < end; from = nl + 1, nl = buf.indexOf(0x0a, from), line++) {
        if (nl > from) fold(decodeLine(file, line, buf.toString('utf8', from, nl)));
      }
      out.lines = line - 1;
      const lastStart = end > 0 ? buf.lastIndexOf(0x0a, end - 2) + 1 : 0;
      out.lastLineText = end > 0 ? buf.toString('utf8', lastStart, end - 1) : null;
      if (end < buf.length) {
        const whole = Journal.tailRecord(buf.subarray(end));
        if (whole) { writeFileSync(file, '\n', { flag: 'a' }); fold(whole); out.lines++; out.lastLineText = buf.toString('utf8', end); }
        else out.torn = LineFile.cutTornTail(file, buf.subarray(end), end, (l) => log(`journal ${l}`), line);
      }
    }
    out.alarms = [...alarms.values()];
    out.reports = [...reports.values()];
    out.serviceNotes = notes;
    out.outOfService = [...service].filter(([, o]) => o).map(([id]) => id);
    out.tasks = [...tasks.values()].filter((t) => alarms.get(t.alarmId) && alarms.get(t.alarmId)!.alarm.state !== 'closed');
    return out;
  }

  /** A last line without its newline may still be a whole record (the crash came before the newline). */
  private static tailRecord(tail: Buffer): JournalRecord | null {
    try {
      const parsed = journalRecord.safeParse(JSON.parse(tail.toString('utf8')));
      return parsed.success ? parsed.data as JournalRecord : null;
    } catch { return null; }
  }

  append(record: JournalRecord): void {
    if (this.closed) throw new Error(`journal ${this.file} is closed`);
    this.batch.push(`${JSON.stringify(record)}\n`);
    this.pending.push(record);
    this.opts.mirror?.append(record);
    this.appended++;
  }

  /** Resolves once everything appended so far is on disk (and in the mirror); rejects with JournalUnavailable
   * if the disk refuses (or the mirror's error) — only once the disk has had its say either way, so nothing is
   * announced before the local file holds it, even while the mirror refuses. */
  commit(): Promise<void> {
    const mirror = this.opts.mirror;
    if (!mirror) return this.commitFile();
    return Promise.allSettled([this.commitFile(), mirror.commit()]).then((both) => {
      const refused = both.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused) throw refused.reason;
    });
  }

  private commitFile(): Promise<void> {
    if (this.batch.length === 0 && this.waiting.length === 0 && !this.unwritten) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.scheduled) { this.scheduled = true; setImmediate(() => this.flush()); }
    return done;
  }

  /** A snapshot once a minute (the live twin calls this every second), so a restart reads a short tail. */
  snapshotIfDue(now: number): void {
    // Records still in the batch describe changes the state already holds: written after the snapshot's
    // offset, they are replayed over it at start, which changes nothing (each record is a latest state).
    if (this.diskFailing || this.closed || this.unwritten || !this.state) return;
    this.opts.mirror?.snapshotIfDue(now, this.state);
    if (this.lastSnapshotAt === -Infinity) { this.lastSnapshotAt = now; return; } // the first a minute after start
    if (this.out.size >= this.opts.compactBytes && (this.opts.canCompact?.() ?? true)) this.compact(now);
    else if (now - this.lastSnapshotAt >= this.opts.snapshotEveryMs) this.writeSnapshot(now, this.out.size);
  }

  /** Writes what is pending and, with `now`, a last snapshot, so a clean stop keeps when devices were last heard. */
  close(now?: number): void {
    if (this.closed) return;
    this.flush();
    if (now !== undefined && !this.diskFailing && this.state) this.writeSnapshot(now, this.out.size);
    this.closed = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.out.close();
  }

  private flush(): void {
    this.scheduled = false;
    const fresh = this.batch.length ? Buffer.from(this.batch.join('')) : null;
    if (this.batch.length) this.lastLineText = this.batch.at(-1)!.slice(0, -1);
    this.batch = [];
    const data = this.unwritten && fresh ? Buffer.concat([this.unwritten, fresh]) : this.unwritten ?? fresh;
    const waiting = this.waiting;
    this.waiting = [];
    if (data) {
      try {
        this.out.write(data);
        this.unwritten = null;
      } catch (e) {
        this.unwritten = data; // the file is as it was before: all of it goes again
        this.fail(e as Error, waiting);
        return;
      }
    }
    const durable = this.pending;
    this.pending = [];
    this.lines += durable.length;
    if (this.diskFailing) this.recovered();
    if (durable.length) this.opts.onDurable?.(durable, this.out.size, this.segment);
    for (const w of waiting) w.resolve();
  }

  private fail(e: Error, waiting: { reject: (e: Error) => void }[]): void {
    const first = this.diskFailing === null;
    this.diskFailing = `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${e.message}`;
    if (first) this.opts.log?.(`journal ${this.file}: the disk refused a write (${this.diskFailing}); records are kept in memory and retried every ${this.opts.retryMs / 1000} s`);
    const err = new JournalUnavailable(`the journal cannot be written (${this.diskFailing})`);
    for (const w of waiting) w.reject(err);
    if (!this.retryTimer && !this.closed) {
      this.retryTimer = setInterval(() => { if (!this.scheduled) this.flush(); }, this.opts.retryMs);
      this.retryTimer.unref();
    }
  }

  private recovered(): void {
    this.opts.log?.(`journal ${this.file}: the disk accepts writes again; every record kept in memory is written`);
    this.diskFailing = null;
    if (this.retryTimer) { clearInterval(this.retryTimer); this.retryTimer = null; }
    this.opts.onRecovered?.();
  }

  /** Written to a temporary file, synced and renamed over the last one: a crash leaves one whole snapshot. */
  private writeSnapshot(now: number, journalOffset: number): boolean {
    const file = snapshotFileOf(this.file);
    const lastLine = journalOffset > 0 && journalOffset === this.out.size && this.lastLineText !== null ? { line: this.lines, sha256: sha256(this.lastLineText) } : null;
    const body: Snapshot = { ...this.state!(), v: 1, at: now, journalOffset, lastLine, segment: journalOffset === 0 ? now : this.segment };
    try {
      const fd = openSync(`${file}.tmp`, 'w');
      try { writeFileSync(fd, JSON.stringify(body)); fdatasyncSync(fd); } finally { closeSync(fd); }
      renameSync(`${file}.tmp`, file);
      syncDir(dirname(file));
      this.lastSnapshotAt = now;
      return true;
    } catch (e) {
      this.opts.log?.(`journal ${this.file}: snapshot not written (${(e as Error).message}); the journal still holds everything`);
      return false;
    }
  }

  /** A snapshot at offset 0, then the journal moves to archive/ and a fresh one begins. A crash between
   * the two replays the old journal over the snapshot, which changes nothing: each record is a latest state. */
  private compact(now: number): void {
    if (!this.writeSnapshot(now, 0)) return;
    const archive = join(dirname(this.file), 'archive');
    mkdirSync(archive, { recursive: true });
    const stem = basename(this.file, '.jsonl');
    this.out.close();
    renameSync(this.file, join(archive, archivedName(this.file, now, this.out.size)));
    this.out = new LineFile(this.file, true);
    this.lines = 0;
    this.lastLineText = null;
    this.segment = now;
    syncDir(dirname(this.file));
    const kept = readdirSync(archive).filter((f) => f.startsWith(`${stem}-`)).sort();
    for (const old of kept.slice(0, Math.max(0, kept.length - this.opts.archivesKept))) rmSync(join(archive, old), { force: true });
    this.opts.log?.(`journal ${this.file}: compacted behind a snapshot (${kept.length > this.opts.archivesKept ? this.opts.archivesKept : kept.length} segment(s) in ${archive})`);
  }
}

function decodeLine(file: string, line: number, text: string): JournalRecord {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new JournalCorrupt(file, line, `not JSON (${(e as Error).message})`); }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new JournalCorrupt(file, line, `not a record (${text.slice(0, 40)})`);
  const parsed = journalRecord.safeParse(raw);
  if (!parsed.success) throw new JournalCorrupt(file, line, `not a valid record: ${describeIssue(parsed.error)}`);
  return parsed.data as JournalRecord;
}

/** Whether the line ending just before `offset` (after `linesBefore` newlines) is the one the snapshot names. */
function lineEndsAt(buf: Buffer, offset: number, linesBefore: number, named: { line: number; sha256: string }): boolean {
  if (offset < 1 || buf[offset - 1] !== 0x0a) return false;
  const start = buf.lastIndexOf(0x0a, offset - 2) + 1;
  return sha256(buf.toString('utf8', start, offset - 1)) === named.sha256 && linesBefore === named.line;
}

/** Throws JournalCorrupt for the first line that is not a record, counting from the top of the file. */
function firstBadLine(file: string, buf: Buffer): void {
  let line = 1;
  for (let from = 0, nl = buf.indexOf(0x0a); nl !== -1; from = nl + 1, nl = buf.indexOf(0x0a, from), line++) {
    if (nl > from) decodeLine(file, line, buf.toString('utf8', from, nl));
  }
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, from); i !== -1 && i < to; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** A journal's name in archive/: when it was archived and how long it was (the history's catch-up reads both). */
const archivedName = (file: string, now: number, size: number) => `${basename(file, '.jsonl')}-${new Date(now).toISOString().replace(/[:.]/g, '-')}-${size}.jsonl`;

function writeDurably(file: string, text: string): void {
  const fd = openSync(file, 'w');
  try { writeFileSync(fd, text); fdatasyncSync(fd); } finally { closeSync(fd); }
}

function syncDir(dir: string): void {
  try { const fd = openSync(dir, 'r'); try { fdatasyncSync(fd); } finally { closeSync(fd); } } catch { /* not every file system syncs directories */ }
}

/** For `npm run journal:repair`: the readable records stay, every bad line moves aside with its line number. */
export function repairJournal(file: string): { kept: number; movedAside: number; badFile: string | null } {
  const buf = readFileSync(file);
  const good: string[] = [];
  const bad: string[] = [];
  let line = 0;
  for (const text of buf.toString('utf8').split('\n')) {
    line++;
    if (!text) continue;
    try { decodeLine(file, line, text); good.push(text); } catch (e) { bad.push(`${line}\t${(e as Error).message}\t${text}`); }
  }
  if (bad.length === 0) return { kept: good.length, movedAside: 0, badFile: null };
  const badFile = `${file}.bad-${Date.now()}`;
  writeFileSync(badFile, bad.join('\n') + '\n');
  writeFileSync(`${file}.repaired`, good.map((g) => `${g}\n`).join(''));
  const fd = openSync(`${file}.repaired`, 'r');
  try { fdatasyncSync(fd); } finally { closeSync(fd); }
  renameSync(`${file}.repaired`, file);
  return { kept: good.length, movedAside: bad.length, badFile };
}
