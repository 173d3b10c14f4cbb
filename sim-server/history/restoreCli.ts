// `npm run db:restore -- <file> [--replace]`: a backup (backup.ts) into the history database.
import { existsSync } from 'node:fs';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { restore } from './backup';
import { withHistoryDatabase } from './dbCli';

const NAME = 'db:restore';
const { values, positionals } = cliArgs(NAME, `
npm run db:restore -- <file> [--replace]

Restores a backup made by db:backup into the history database (DATABASE_URL, else DATA_DIR/db), which must
hold no history yet; --replace empties it first. Stop the twin first.
`, { replace: { type: 'boolean' } }, { positionals: true });
const file = positionals[0];
if (!file || positionals.length > 1) cliFail(NAME, 'give one backup file (--help explains)', 2);
if (!existsSync(file)) cliFail(NAME, `no such file: ${file}`);
await withHistoryDatabase(NAME, `restored from ${file}`, (sql, progress) => restore(sql, file, { replace: values.replace === true, progress }));
