// `npm run db:backup -- --out <file>` and `npm run db:restore -- <file> [--replace]`: the history database
// (DATABASE_URL, else the embedded one in DATA_DIR/db) to and from a file (backup.ts).
import { existsSync } from 'node:fs';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { backup, restore } from './backup';
import { migrate } from './migrations';
import { openDatabase } from './sql';

const command = process.argv[2];
const NAME = `db:${command}`;
const USAGE = command === 'backup' ? `
npm run db:backup -- --out <file>

Writes the whole history (alarms and their transitions, dispatch tasks, service notes, residents' reports,
readings' aggregates) to <file>, gzip'd JSON lines, readable by db:restore on either database.
The database is DATABASE_URL (postgres://…) when set, else the embedded one in DATA_DIR/db (default
./data/db: stop the twin first, the embedded database takes one process). On PostgreSQL it may run
while the twin runs.
` : `
npm run db:restore -- <file> [--replace]

Restores a backup made by db:backup into the history database (DATABASE_URL, else DATA_DIR/db),
which must hold no history yet; --replace empties it first. Stop the twin first.
`;

if (command !== 'backup' && command !== 'restore') cliFail('db', 'run npm run db:backup or npm run db:restore', 2);
process.argv.splice(2, 1);
const { values, positionals } = cliArgs(NAME, USAGE, { out: { type: 'string' }, replace: { type: 'boolean' } }, { positionals: true });
const file = command === 'backup' ? values.out : positionals[0];
if (!file) cliFail(NAME, command === 'backup' ? 'give --out <file> (--help explains)' : 'give the backup file (--help explains)', 2);
if (command === 'restore' && !existsSync(file)) cliFail(NAME, `no such file: ${file}`);
if (command === 'backup' && positionals.length) cliFail(NAME, `unexpected argument "${positionals[0]}" (--help explains)`, 2);

const sql = await openDatabase({ databaseUrl: process.env.DATABASE_URL?.trim() || null, dataDir: process.env.DATA_DIR || './data' }).catch((e) => cliFail(NAME, (e as Error).message));
const t0 = Date.now();
let last = Date.now();
const progress = (table: string, rows: number) => { if (Date.now() - last > 1000) { last = Date.now(); process.stdout.write(`\r${table}: ${rows} rows…`); } };
try {
  await migrate(sql);
  const counts = command === 'backup' ? await backup(sql, file, progress) : await restore(sql, file, { replace: values.replace, progress });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`\r${command === 'backup' ? `backed up to ${file}` : `restored from ${file}`} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${total} rows (${Object.entries(counts).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(', ') || 'an empty history'}) — ${sql.where}\n`);
} catch (e) {
  await sql.close();
  cliFail(NAME, (e as Error).message);
}
await sql.close();
