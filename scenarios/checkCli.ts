// `npm run scenario:check -- <file>`: every error as file:line:column, the district's ids checked too; exit 1 when there are any.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliArgs, cliFail } from '../twin-assets/cli';
import { readDistrictJson } from '../twin-assets/districtFile';
import { BUNDLED, parseDistrict } from '../twin-assets/loadDistrict';
import { errorLines } from '../twin-assets/validationErrors';
import { errorText, parseScenario } from './parse';

const USAGE = `
npm run scenario:check -- <scenario.yaml> [more files…] [--district <district.json>]

Checks scenario files (YAML or JSON) against the scenario format and against the district (default: the
bundled one): every device, household, flood zone and street edge it names must exist, with the nearest
valid id suggested. Prints every error as file:line:column: path: message; exits 1 when any file has one.
scenarios/builtin/gas-leak-elderly-kitchen.yaml is an annotated example.
`;
const { values, positionals: files } = cliArgs('scenario:check', USAGE, { district: { type: 'string' } }, { positionals: true });
const districtFile = values.district ?? fileURLToPath(BUNDLED.district);
const loaded = parseDistrict(await readDistrictJson(districtFile).then((r) => r.raw, (e: Error) => cliFail('scenario:check', e.message)));
if (!loaded.ok) cliFail('scenario:check', `${districtFile} is not a valid district: ${errorLines(loaded.errors)[0]}`);
const district = loaded.value;
if (!files.length) cliFail('scenario:check', 'name a scenario file: npm run scenario:check -- my-drill.yaml (--help explains)', 2);
let bad = 0;
for (const file of files) {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { console.error(`${file}: ${(e as Error).message}`); bad++; continue; }
  const r = parseScenario(text, { district });
  if (r.ok) console.log(`${file}: ok — ${r.scenario.title.zh} / ${r.scenario.title.en}`);
  else { bad++; for (const e of r.errors) console.error(errorText(e, file)); }
}
process.exit(bad ? 1 : 0);
