// `npm run db:backup -- --out <file>`: the whole history to a file (backup.ts), either engine.
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { backup } from './backup';
import { withHistoryDatabase } from './dbCli';

const NAME = 'db:backup';
const { values, positionals } = cliArgs(NAME, `
npm run db:backup -- --out <file>

Writes the whole history (alarms and their transitions, dispatch tasks, commands, service notes, residents'
reports, drill summaries, the audit log, readings' aggregates) to <file>, gzip'd JSON lines, readable by
db:restore on either database. The database is DATABASE_URL (postgres://…) when set, else the embedded one in
DATA_DIR/db (default ./data/db: stop the twin first, the embedded database takes one process). On PostgreSQL it
may run while the twin runs.
`, { out: { type: 'string' } }, { positionals: true });
if (!values.out) cliFail(NAME, 'give --out <file> (--help explains)', 2);
if (positionals.length) cliFail(NAME, `unexpected argument "${positionals[0]}" (--help explains)`, 2);
const file = values.out;
await withHistoryDatabase(NAME, `backed up to ${file}`, (sql, progress) => backup(sql, file, progress));
