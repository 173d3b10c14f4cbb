// Ended drills into the history: each drill's journal stays in DATA_DIR/drills (the review and the replay are
// built from it); once it has an outcome, its summary and score — scenario, seed, outcome, duration, the KPIs,
// each objective met or not, the score's points — go to `drill_summaries`, so a team's drills can be compared
// over months without reading every journal. The report is built in a worker (a long drill's journal is big).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DrillLog } from '../drill/drillLog';
import type { DrillReport } from '../drill/report';
import type { Sql } from './sql';

export class DrillSummaryFeed {
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<number> | null = null;

  constructor(private readonly sql: Sql, private readonly dir: string, private readonly build: (file: string) => Promise<DrillReport | null>, private readonly log: (line: string) => void = () => {}) {}

  start(everyMs = 30_000): void {
    this.timer = setInterval(() => void this.scan().catch(() => {}), everyMs);
    this.timer.unref();
  }

  stop(): void { if (this.timer) clearInterval(this.timer); }

  /** The ended drills not yet in the database, written; resolves to how many. */
  scan(): Promise<number> {
    this.scanning ??= this.scanOnce().finally(() => { this.scanning = null; });
    return this.scanning;
  }

  private async scanOnce(): Promise<number> {
    if (!existsSync(this.dir)) return 0;
    const ended = readdirSync(this.dir).filter((f) => f.endsWith('.jsonl') && !f.endsWith('-alarms.jsonl'))
      .map((f) => ({ file: join(this.dir, f), summary: DrillLog.summary(join(this.dir, f)) }))
      .filter((x) => x.summary?.outcome);
    if (ended.length === 0) return 0;
    const known = new Set((await this.sql.query<{ drill_id: string }>('select drill_id from drill_summaries where drill_id = any($1::text[])', [ended.map((x) => x.summary!.drillId)])).map((r) => r.drill_id));
    let written = 0;
    for (const { file, summary } of ended) {
      if (known.has(summary!.drillId)) continue;
      const report = await this.build(file).catch((e) => { this.log(`history: the review of drill ${summary!.drillId} could not be built (${(e as Error).message}); tried again later`); return null; });
      if (!report) continue;
      await this.sql.query(
        `insert into drill_summaries (drill_id, scenario_id, title, seed, created_at, outcome, duration_s, first_alarm_s, kpis, objectives, score)
         values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb) on conflict do nothing`,
        [report.drillId, report.scenario.id, JSON.stringify(report.scenario.title), report.seed, report.createdAt, report.outcome, report.durationS, report.firstAlarmS,
          JSON.stringify(report.kpis), JSON.stringify(report.objectives), JSON.stringify(report.score)]);
      written++;
    }
    return written;
  }
}
