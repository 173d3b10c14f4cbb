// `npm run journal:repair -- <journal file>`: moves the records the twin cannot read aside, keeps the rest.
import { existsSync } from 'node:fs';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { repairJournal } from './journal';

const USAGE = `
npm run journal:repair -- <DATA_DIR/journal-<district>.jsonl>

When the twin refuses to start with "journal <file>:<line>: <reason>", this moves every record it
cannot read (not JSON, null, or not a valid record) into <file>.bad-<time> with its line number and
reason, and keeps the rest in order. Stop the twin first. The alarms in the bad records are lost to
the twin: read the .bad file to see what they were.
`;

const { positionals } = cliArgs('journal:repair', USAGE, {}, { positionals: true });
if (positionals.length !== 1) cliFail('journal:repair', 'give one journal file (--help explains)', 2);
const file = positionals[0]!;
if (!existsSync(file)) cliFail('journal:repair', `no such file: ${file}`);
const result = repairJournal(file);
if (result.movedAside === 0) console.log(`${file}: all ${result.kept} records are readable; nothing to repair`);
else console.log(`${file}: kept ${result.kept} records, moved ${result.movedAside} bad record(s) to ${result.badFile}`);
