// A drill's own journal: every input and what came of it, on simulated time, as JSON lines in
// DATA_DIR/drills/<drillId>.jsonl. The after-action report and the 3D replay are built from it alone.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { LineFile } from '../journal/lineFile';
import type { Scenario } from '../../scenarios/schema';
import type { Rating, Role } from '../../twin-assets/protocol';

import type { DrillOutcome } from './drillLifecycle.machine';
import type { IncidentInput } from './incident';

export type { DrillOutcome };

export type DrillRecord =
  /** `team`: the team the drill is for; `createdBy`: who created it, by name (both absent in headless runs and older journals). */
  | { t: 'created'; simS: 0; drillId: string; scenario: Scenario; seed: number; epoch: number; createdAt: number; team?: string; createdBy?: string }
  | { t: 'control'; simS: number; by: string; cmd: string; speed?: number }
  /** `who`: the person's account id, or a guest's (absent for machine credentials and older journals). */
  | { t: 'join'; simS: number; playerId: string; role: Role; name: string; who?: string }
  | { t: 'leave'; simS: number; playerId: string }
  | { t: 'connection'; simS: number; playerId: string; connected: boolean }
  /** `zh`: the same in Chinese (absent in journals written before it was kept). */
  | { t: 'timeline'; simS: number; kind: string; text: string; zh?: string }
  | { t: 'alarm'; simS: number; type: string; alarmId: string; deviceId: string; kind: string; level: string; state: string; by: string | null }
  | { t: 'task'; simS: number; taskId: string; alarmId: string; kind: string; state: string; by: string | null }
  | { t: 'device'; simS: number; deviceId: string; display: string; level: string }
  /** `detail` in English, `zh` in Chinese (absent in older journals). */
  | { t: 'action'; simS: number; playerId: string; role: Role; name: string; action: string; ok: boolean; detail: string; zh?: string }
  | { t: 'frame'; simS: number; players: { id: string; x: number; y: number }[] }
  | { t: 'message'; simS: number; from: string; to: string; text: string; zh?: string }
  | { t: 'casualty'; simS: number; id: string; x: number; y: number; text: string }
  | { t: 'end'; simS: number; outcome: DrillOutcome }
  /** An evaluator's rating of a critical task (a later one of the same task supersedes it): not an input of the
   * kernel, it changes nothing in the drill. `by` the evaluator's name, `who` their account id. */
  | { t: 'rating'; simS: number; task: string; rating: Rating; note: string; by: string; who: string }
  /** What went into the incident kernel, after `step` ticks: replaying these gives the same journal. */
  | { t: 'input'; step: number; input: IncidentInput };

/** How far back from a drill journal's end its outcome is looked for. */
const TAIL_BYTES = 64 * 1024;

export class DrillLog {
  private batch: string[] = [];
  /** Opened at the first write (cutting off a line a crash left torn): a drill's file appears with its first record. */
  private out: LineFile | null = null;
  /** Why the disk refuses the drill's journal now (its records wait in memory, in order); null when healthy. */
  failing: string | null = null;
  /** The last line written, with its newline (a kernel snapshot names it). */
  lastLine: string | null = null;
  constructor(readonly file: string) {}

  /** Where the journal stands when everything appended is on disk: its length and last line; null otherwise. */
  get written(): { offset: number; lastLine: string } | null {
    return this.batch.length === 0 && this.out && this.lastLine !== null ? { offset: this.out.size, lastLine: this.lastLine } : null;
  }

  append(record: DrillRecord): void { this.batch.push(`${JSON.stringify(record)}\n`); }

  /** Appends and writes at once: true once it is on disk; false (and nothing kept) when the disk refuses. */
  appendNow(record: DrillRecord): boolean {
    this.append(record);
    this.flush();
    if (this.failing) this.batch.pop();
    return !this.failing;
  }

  /** Written once per room tick: a handful of lines, one system call. A full disk keeps them for the next tick
   * (the file is as it was before the refused write: nothing lands by halves). */
  flush(): void {
    if (!this.batch.length) return;
    try {
      this.out ??= LineFile.openCut(this.file, false);
      this.out.write(Buffer.from(this.batch.join('')));
    } catch (e) {
      this.failing = `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}`;
      return;
    }
    this.failing = null;
    this.lastLine = this.batch[this.batch.length - 1]!;
    this.batch = [];
  }

  close(): void { this.flush(); this.out?.close(); this.out = null; }

  /** What a drill was and how it ended, from its first and last lines only (the lobby lists past drills). */
  static summary(file: string): { drillId: string; scenarioId: string; team: string | null; createdBy: string | null; createdAt: number; outcome: string | null } | null {
    let fd: number | null = null;
    try {
      fd = openSync(file, 'r');
      const size = fstatSync(fd).size;
      const read = (from: number, length: number) => { const b = Buffer.alloc(length); readSync(fd!, b, 0, length, from); return b.toString('utf8'); };
      // The first line holds the whole scenario: read until its end.
      let head = '';
      for (let at = 0; at < size && !head.includes('\n'); at += 64 * 1024) head += read(at, Math.min(64 * 1024, size - at));
      const created = JSON.parse(head.slice(0, head.indexOf('\n'))) as Extract<DrillRecord, { t: 'created' }>;
      // Players leaving still write after the end: look for the end among the last lines, not only the last.
      const tail = read(Math.max(0, size - TAIL_BYTES), Math.min(TAIL_BYTES, size)).split('\n');
      let outcome: string | null = null;
      for (let i = tail.length - 1; i >= 0 && outcome === null; i--) {
        if (!tail[i]!.includes('"t":"end"')) continue;
        try { const r = JSON.parse(tail[i]!) as DrillRecord; if (r.t === 'end') outcome = r.outcome; } catch { /* cut short */ }
      }
      return { drillId: created.drillId, scenarioId: created.scenario.id, team: created.team ?? null, createdBy: created.createdBy ?? null, createdAt: created.createdAt, outcome };
    } catch {
      return null;
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  static read(file: string): DrillRecord[] | null {
    return existsSync(file) ? DrillLog.parse(readFileSync(file)) : null;
  }

  /** The records in a journal's bytes (from a line's start); a line a crash cut short is left out. */
  static parse(bytes: Buffer): DrillRecord[] {
    const out: DrillRecord[] = [];
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line) continue;
      try { out.push(JSON.parse(line) as DrillRecord); } catch { /* a line cut short by a crash */ }
    }
    return out;
  }
}
