// What `npm run db:backup` (backupCli.ts) and `npm run db:restore` (restoreCli.ts) share: the history database
// (DATABASE_URL, else the embedded one in DATA_DIR/db) opened and migrated, progress once a second, one line at
// the end, and a failure said in one line.
import { cliFail } from '../../twin-assets/cli';
import { migrate } from './migrations';
import { openDatabase, type Sql } from './sql';

export type Progress = (table: string, rows: number) => void;

export async function withHistoryDatabase(name: string, done: string, work: (sql: Sql, progress: Progress) => Promise<Record<string, number>>): Promise<void> {
  const sql = await openDatabase({ databaseUrl: process.env.DATABASE_URL?.trim() || null, dataDir: process.env.DATA_DIR || './data' }).catch((e) => cliFail(name, (e as Error).message));
  const t0 = Date.now();
  let last = Date.now();
  const progress: Progress = (table, rows) => { if (Date.now() - last > 1000) { last = Date.now(); process.stdout.write(`\r${table}: ${rows} rows…`); } };
  try {
    await migrate(sql);
    const counts = await work(sql, progress);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const tables = Object.entries(counts).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(', ') || 'an empty history';
    process.stdout.write(`\r${done} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${total} rows (${tables}) — ${sql.where}\n`);
  } catch (e) {
    await sql.close();
    cliFail(name, (e as Error).message);
  }
  await sql.close();
}
