// Reading journals for the history: the live journal from where the history stopped, and old journals,
// archives and snapshots for `history:import` and the first start on a database. Lenient where the start-up
// reader is strict: a line that is not a record is counted and skipped (the start has already named it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { journalRecord, snapshot as snapshotSchema, type JournalRecord } from '../journal/records';
import { snapshotFileOf } from '../journal/journal';

export interface Chunk { records: JournalRecord[]; offset: number }

/** The whole records of `file` from byte `from`, `size` records at a time; `offset` is where the chunk ends.
 * A last line without its newline (a crash, or a write under way) is left for next time. */
export function* journalChunks(file: string, from = 0, size = 2000, upTo = Infinity, skipped = { lines: 0 }): Generator<Chunk> {
  if (!existsSync(file)) return;
  const buf = readFileSync(file);
  const end = Math.min(buf.lastIndexOf(0x0a) + 1, upTo);
  let records: JournalRecord[] = [];
  let at = from;
  for (let nl = buf.indexOf(0x0a, at); nl !== -1 && nl < end; at = nl + 1, nl = buf.indexOf(0x0a, at)) {
    if (nl === at) continue;
    const record = decode(buf.toString('utf8', at, nl));
    if (record) records.push(record); else skipped.lines++;
    if (records.length >= size) { yield { records, offset: nl + 1 }; records = []; }
  }
  if (records.length || at > from) yield { records, offset: at };
}

function decode(text: string): JournalRecord | null {
  try {
    const parsed = journalRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data as JournalRecord : null;
  } catch { return null; }
}

/** The snapshot's open alarms, tasks and reports as records (a journal behind it may have been archived and deleted). */
export function snapshotRecords(journalFile: string): JournalRecord[] {
  const file = snapshotFileOf(journalFile);
  if (!existsSync(file)) return [];
  try {
    const s = snapshotSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return [
      ...s.alarms.map((a) => ({ t: 'alarm' as const, at: s.at, s: a })),
      ...s.tasks.map((task) => ({ t: 'task' as const, at: s.at, task })),
      ...s.reports.map((report) => ({ t: 'report' as const, at: s.at, report })),
    ] as JournalRecord[];
  } catch { return []; }
}

/** A journal's archived segments, oldest first (compaction names them by time). */
export function archiveSegments(journalFile: string): string[] {
  const dir = join(dirname(journalFile), 'archive');
  const stem = basename(journalFile, '.jsonl');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.jsonl')).sort().map((f) => join(dir, f)) : [];
}

/** When an archived segment was archived (its name says: `<stem>-2026-11-20T01-03-01-001Z-<bytes>.jsonl`),
 * which is when the segment after it began. */
export function archivedAt(file: string): number | null {
  const m = /-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-\d+\.jsonl$/.exec(file);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
}

/** What `history:import` reads for one argument: a journal file, or a folder (a DATA_DIR or its archive/). */
export function filesToImport(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const here = readdirSync(path).filter((f) => f.endsWith('.jsonl') && !f.includes('.bad-')).sort().map((f) => join(path, f));
  const archive = join(path, 'archive');
  const archived = existsSync(archive) ? readdirSync(archive).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(archive, f)) : [];
  // Journals of drills and people are not alarm journals: only files whose lines are records count, and
  // the caller skips what does not read.
  return [...archived, ...here.filter((f) => basename(f).startsWith('journal-') || basename(dirname(f)) === 'archive')];
}
