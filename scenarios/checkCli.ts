// `npm run scenario:check -- <file>`: every error with its line and path; exit 1 when there are any.
import { readFileSync } from 'node:fs';
import { cliArgs } from '../twin-assets/cli';
import { errorText, parseScenario } from './parse';

const USAGE = `
npm run scenario:check -- <scenario.yaml> [more files…]

Checks scenario files (YAML or JSON) against the scenario format and prints every error with its line and
path; exits 1 when any file has one. scenarios/builtin/gas-leak-elderly-kitchen.yaml is an annotated example.
`;
const files = cliArgs('scenario:check', USAGE, {}, { positionals: true }).positionals;
if (!files.length) { console.error('scenario:check: name a scenario file: npm run scenario:check -- my-drill.yaml'); process.exit(1); }
let bad = 0;
for (const file of files) {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { console.error(`${file}: ${(e as Error).message}`); bad++; continue; }
  const r = parseScenario(text);
  if (r.ok) console.log(`${file}: ok — ${r.scenario.title.zh} / ${r.scenario.title.en}`);
  else { bad++; for (const e of r.errors) console.error(`${file}: ${errorText(e)}`); }
}
process.exit(bad ? 1 : 0);
