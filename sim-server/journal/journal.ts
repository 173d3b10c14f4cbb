// The durable journal: append-only JSON lines in DATA_DIR. Records written in one turn of the event
// loop are committed together: written, then fdatasync'ed, and only then does anyone hear of them
// (MQTT, CAP, rooms, HTTP answers). So a crash can lose only what nobody was told.
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { StoredAlarm } from '../core/alarmEngine';
import type { Task } from '../core/dispatch';

export type JournalRecord =
  | { t: 'alarm'; at: number; s: StoredAlarm }
  | { t: 'service'; at: number; deviceId: string; outOfService: boolean; by: string }
  | { t: 'task'; at: number; task: Task };

export interface Replayed { alarms: StoredAlarm[]; outOfService: string[]; tasks: Task[]; records: number; tornLines: number }

export class Journal {
  private fd: number;
  private batch: string[] = [];
  private waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private scheduled = false;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** The journal's last word on each alarm and device, read at start. */
  static replay(file: string): Replayed {
    const out: Replayed = { alarms: [], outOfService: [], tasks: [], records: 0, tornLines: 0 };
    if (!existsSync(file)) return out;
    const latest = new Map<string, StoredAlarm>();
    const service = new Map<string, boolean>();
    const tasks = new Map<string, Task>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let r: JournalRecord;
      try { r = JSON.parse(line) as JournalRecord; } catch { out.tornLines++; continue; } // a write cut short by a crash
      out.records++;
      if (r.t === 'alarm') latest.set(r.s.alarm.id, r.s);
      else if (r.t === 'task') tasks.set(r.task.id, r.task);
      else service.set(r.deviceId, r.outOfService);
    }
    out.alarms = [...latest.values()];
    out.outOfService = [...service].filter(([, out]) => out).map(([id]) => id);
    out.tasks = [...tasks.values()].filter((t) => latest.has(t.alarmId) && latest.get(t.alarmId)!.alarm.state !== 'closed');
    return out;
  }

  append(record: JournalRecord): void {
    this.batch.push(`${JSON.stringify(record)}\n`);
  }

  /** Resolves once everything appended so far is on disk. */
  commit(): Promise<void> {
    if (this.batch.length === 0 && this.waiting.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.scheduled) { this.scheduled = true; setImmediate(() => this.flush()); }
    return done;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private flush(): void {
    this.scheduled = false;
    const lines = this.batch;
    const waiting = this.waiting;
    this.batch = [];
    this.waiting = [];
    try {
      if (lines.length) {
        writeSync(this.fd, lines.join(''));
        fdatasyncSync(this.fd);
      }
      for (const w of waiting) w.resolve();
    } catch (e) {
      for (const w of waiting) w.reject(e as Error);
    }
  }
}
