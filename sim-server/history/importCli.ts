// `npm run history:import -- <journal.jsonl | archive dir | DATA_DIR>…`: brings journals written before the
// database (or by another installation) into the history. Safe to run twice.
import { existsSync } from 'node:fs';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { filesToImport } from './journalFiles';
import { historyCounts, importJournalFile } from './importJournals';
import { migrate } from './migrations';
import { openDatabase } from './sql';

const USAGE = `
npm run history:import -- <journal.jsonl | archive folder | DATA_DIR>…

Reads every alarm, transition, dispatch task, service note and resident's report of the journals given
(a folder: its journal-*.jsonl and archive/) into the history database, oldest first. Running it twice
adds nothing: each alarm keeps its latest recorded state and every transition once.

The database is the twin's: DATABASE_URL (postgres://…) when set, else the embedded one in
DATA_DIR/db (default ./data/db; stop the twin first, the embedded database takes one process).
`;

const NAME = 'history:import';
const { positionals } = cliArgs(NAME, USAGE, {}, { positionals: true });
if (positionals.length === 0) cliFail(NAME, 'give at least one journal file or folder (--help explains)', 2);
for (const p of positionals) if (!existsSync(p)) cliFail(NAME, `no such file or folder: ${p}`);
const files = positionals.flatMap(filesToImport);
if (files.length === 0) cliFail(NAME, `no journal files in ${positionals.join(', ')}`);

const sql = await openDatabase({ databaseUrl: process.env.DATABASE_URL?.trim() || null, dataDir: process.env.DATA_DIR || './data' }).catch((e) => cliFail(NAME, (e as Error).message));
try {
  await migrate(sql);
  const before = await historyCounts(sql);
  const t0 = Date.now();
  for (const [i, file] of files.entries()) {
    const started = Date.now();
    let last = Date.now();
    const result = await importJournalFile(sql, file, (n) => {
      if (Date.now() - last > 1000) { last = Date.now(); process.stdout.write(`\r[${i + 1}/${files.length}] ${file}: ${n} records…`); }
    });
    process.stdout.write(`\r[${i + 1}/${files.length}] ${file}: ${result.records} records in ${((Date.now() - started) / 1000).toFixed(1)} s${result.skippedLines ? `, ${result.skippedLines} unreadable line(s) skipped (npm run journal:repair shows them)` : ''}\n`);
  }
  const after = await historyCounts(sql);
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${after.alarms} alarms (${after.alarms - before.alarms} new), ${after.transitions} transitions (${after.transitions - before.transitions} new), ${after.tasks} tasks, ${after.reports} reports, ${after.serviceNotes} service notes in ${sql.where}`);
} catch (e) {
  await sql.close();
  cliFail(NAME, (e as Error).message);
}
await sql.close();
