// Ended drills into the history: each drill's journal stays in DATA_DIR/drills (the review and the replay are
// built from it); once it has an outcome, its summary and score — scenario, team, seed, outcome, duration, the KPIs,
// each objective met or not, the score's points, each critical task's final rating — go to `drill_summaries`, so a
// team's drills can be compared over months without reading every journal. An evaluator may still rate in the
// debrief: a journal that has grown since it was read is read again. The AAR is built in a worker (a long drill's
// journal is big).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DrillLog } from '../drill/drillLog';
import { finalRating, type Aar } from '../drill/aar';
import type { Sql } from './sql';

export class DrillSummaryFeed {
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<number> | null = null;
  /** Each journal's size when last looked at and found in the database or not ended: a scan reads only journals
   * that changed since (a stat each), so a list asked for often does not read every drill's journal each time. */
  private readonly looked = new Map<string, number>();

  constructor(private readonly sql: Sql, private readonly dir: string, private readonly build: (file: string) => Promise<Aar | null>, private readonly log: (line: string) => void = () => {}) {}

  start(everyMs = 30_000): void {
    this.timer = setInterval(() => void this.scan().catch(() => {}), everyMs);
    this.timer.unref();
  }

  stop(): void { if (this.timer) clearInterval(this.timer); }

  /** The ended drills not yet in the database (or grown since), written; resolves to how many. */
  scan(): Promise<number> {
    this.scanning ??= this.scanOnce().finally(() => { this.scanning = null; });
    return this.scanning;
  }

  private async scanOnce(): Promise<number> {
    if (!existsSync(this.dir)) return 0;
    // Each size is taken before the journal is read: a journal that grows meanwhile (its outcome written) is read again.
    const changed = readdirSync(this.dir).filter((f) => f.endsWith('.jsonl') && !f.endsWith('-alarms.jsonl'))
      .map((f) => ({ file: join(this.dir, f), bytes: statSync(join(this.dir, f), { throwIfNoEntry: false })?.size ?? 0 }))
      .filter(({ file, bytes }) => this.looked.get(file) !== bytes);
    const ended: { file: string; bytes: number; summary: ReturnType<typeof DrillLog.summary> }[] = [];
    for (const { file, bytes } of changed) {
      const summary = DrillLog.summary(file);
      if (summary?.outcome) ended.push({ file, bytes, summary });
      else this.looked.set(file, bytes);
    }
    if (ended.length === 0) return 0;
    const known = new Map((await this.sql.query<{ drill_id: string; journal_bytes: string | number }>('select drill_id, journal_bytes from drill_summaries where drill_id = any($1::text[])', [ended.map((x) => x.summary!.drillId)])).map((r) => [r.drill_id, Number(r.journal_bytes)]));
    let written = 0;
    for (const { file, bytes, summary } of ended) {
      if (known.get(summary!.drillId) === bytes) { this.looked.set(file, bytes); continue; }
      const aar = await this.build(file).catch((e) => { this.log(`history: the review of drill ${summary!.drillId} could not be built (${(e as Error).message}); tried again later`); return null; });
      if (!aar) continue;
      const report = aar.report;
      const ratings = aar.tasks.flatMap((t) => { const rating = finalRating(t); return rating ? [{ task: t.task, rating, given: t.rating !== null }] : []; });
      await this.sql.query(
        `insert into drill_summaries (drill_id, scenario_id, title, seed, created_at, outcome, duration_s, first_alarm_s, kpis, objectives, score, team, ratings, journal_bytes)
         values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13::jsonb, $14)
         on conflict (drill_id) do update set outcome = excluded.outcome, duration_s = excluded.duration_s, score = excluded.score, team = excluded.team, ratings = excluded.ratings, journal_bytes = excluded.journal_bytes`,
        [report.drillId, report.scenario.id, JSON.stringify(report.scenario.title), report.seed, report.createdAt, report.outcome, report.durationS, report.firstAlarmS,
          JSON.stringify(report.kpis), JSON.stringify(report.objectives), JSON.stringify(report.score), aar.team, JSON.stringify(ratings), bytes]);
      this.looked.set(file, bytes);
      written++;
    }
    return written;
  }
}
