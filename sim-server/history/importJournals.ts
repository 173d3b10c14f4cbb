// Old journals into the database (`npm run history:import`, and what a test compares): every record of each
// file, in order, in batches. Idempotent: the rows are versioned (projection.ts), so a second run adds nothing.
import type { JournalRecord } from '../journal/records';
import { journalChunks, snapshotRecords } from './journalFiles';
import { project } from './projection';
import type { Sql } from './sql';

export interface ImportedFile { file: string; records: number; skippedLines: number }

export async function importJournalFile(sql: Sql, file: string, onChunk: (records: number) => void = () => {}): Promise<ImportedFile> {
  const skipped = { lines: 0 };
  let records = 0;
  for (const chunk of journalChunks(file, 0, 5000, Infinity, skipped)) {
    await write(sql, chunk.records);
    records += chunk.records.length;
    onChunk(records);
  }
  // A live journal's snapshot holds open alarms whose first records may be in archives long deleted.
  if (file.endsWith('.jsonl') && !file.includes('/archive/')) {
    const fromSnapshot = snapshotRecords(file);
    await write(sql, fromSnapshot);
    records += fromSnapshot.length;
  }
  return { file, records, skippedLines: skipped.lines };
}

async function write(sql: Sql, records: JournalRecord[]): Promise<void> {
  const statements = project(records);
  if (statements.length) await sql.batch(statements);
}

/** What the database holds, for the import's last line and for tests. */
export async function historyCounts(sql: Sql): Promise<{ alarms: number; transitions: number; tasks: number; reports: number; serviceNotes: number }> {
  const [r] = await sql.query<{ alarms: number; transitions: number; tasks: number; reports: number; service_notes: number }>(
    `select (select count(*) from alarms) as alarms, (select count(*) from alarm_transitions) as transitions, (select count(*) from tasks) as tasks,
            (select count(*) from reports) as reports, (select count(*) from service_notes) as service_notes`);
  return { alarms: r!.alarms, transitions: r!.transitions, tasks: r!.tasks, reports: r!.reports, serviceNotes: r!.service_notes };
}
