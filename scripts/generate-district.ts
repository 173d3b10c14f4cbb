// `npm run district:generate -- --seed 1 --out street.json`: a full street at the reported scale.
import { writeFileSync } from 'node:fs';
import { cliArgs, cliFail } from '../twin-assets/cli';
import { generateStreet } from '../twin-assets/generator/generateStreet';
import { parseDistrict } from '../twin-assets/loadDistrict';
import { errorLines } from '../twin-assets/validationErrors';

const USAGE = `
npm run district:generate -- [--seed 1] [--out street.json]

Generates a full street at the reported scale (8 communities, 686 old courtyards, about 9,900 devices)
as a district file; the same seed gives the same file. Run it with DISTRICT=street.json npm start.
`;
const { values } = cliArgs('district:generate', USAGE, { seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'street.json' } });
const seed = Number(values.seed);
if (!Number.isInteger(seed)) cliFail('district:generate', `--seed must be a whole number, not "${values.seed}"`, 2);

const t0 = performance.now();
console.log(`Generating a full street with seed ${seed}…`);
const raw = generateStreet(seed);
const checked = parseDistrict(raw);
if (!checked.ok) { console.error(`the generator made an invalid district:\n${errorLines(checked.errors).slice(0, 20).join('\n')}`); process.exit(1); }
const d = checked.value;
writeFileSync(values.out!, JSON.stringify(raw));
const byType = new Map<string, number>();
for (const v of d.devices) byType.set(v.type, (byType.get(v.type) ?? 0) + 1);
console.log(`${values.out}: ${d.communities.length} communities, ${d.grids.length} grids, ${d.courtyards.filter((c) => c.kind === 'old_courtyard').length} old courtyards, ` +
  `${d.buildings.length} buildings, ${d.households.length} households, ${d.devices.length} devices (${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}), ` +
  `${d.streets.edges.length} street edges, ${d.pumpStations.length} pump stations — ${Math.round(performance.now() - t0)} ms`);
console.log(`Run it: DISTRICT=${values.out} npm start`);
