// `npm run plan -- --impact <csv> --scenarios <csv> [--sensors <csv>] --budget <n> [--objective impact|coverage] [--time-limit <s>] --json <out>`
// `npm run plan -- --district <file> --type gas|smoke|water_level --budget <n> --json <out>`: the table built from the hazard models first.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { loadDistrictFiles } from '../districtFiles';
import { placementTable } from './fromDistrict';
import { plan } from './plan';
import { budgetShortfall, PLANNED_TYPES, type PlannedType, type PlanProblem } from '../../twin-assets/placement';
import { problemFromTables, tablesFromProblem, TableError } from './tables';

const USAGE = `
npm run plan -- --impact <impact.csv> --scenarios <scenarios.csv> [--sensors <sensors.csv>] --budget <n>
                [--objective impact|coverage] [--probability] [--fixed <id,id,…>] [--time-limit <s>] --json <out.json>
npm run plan -- --district <district.json> --type gas|smoke|water_level --budget <n> [--siting gb50116|nfpa72]
                [--tables <dir>] --json <out.json>

Chooses where sensors go, on Chama's tables (so results compare with Chama's, or come from other models):
  impact.csv     Scenario,Sensor,Impact          the impact of a scenario when that sensor detects it first
                                                 (time to detection × severity, people exposed, …)
  scenarios.csv  Scenario,Undetected Impact[,Probability]
  sensors.csv    Sensor,Cost                     optional; without it every sensor costs 1
  --budget       the total cost allowed (with costs of 1: the number of sensors)
  --objective    impact (default): the lowest mean impact (p-median), as Chama's ImpactFormulation;
                 coverage: the most scenarios detected at all
  --probability  weigh scenarios by their Probability column
  --fixed        sensors already installed: kept, and their cost counts
  --time-limit   seconds for the solver (default 60)

With --district the impact table is built from the twin's hazard models first; impact = minutes to detection
× the people exposed (someone over 70 living alone counts 3), and the district's own sensors are kept (fixed):
  gas          a leak in every kitchen (three sizes) and every gas riser; detectors sited by GB 50028-2006 10.8.2
  smoke        a fire in every room of every home (kitchen medium, living room fast, bedroom slow t² fires);
               detectors in each room as GB 50116-2013 6.2.2 needs for its size (--siting nfpa72: NFPA 72's
               0.7 × 9.1 m spacing) and on each stair landing
  water_level  storms of 2 to 100 years over every flood zone, weighed by their yearly chance; gauges at each
               zone's low point and in the manholes near it (they see storms beyond the drains' 3-year design)
--tables <dir> writes that table as Chama's CSVs too.

Solved as a MILP by HiGHS; a problem too big for it is placed by lazy greedy, bounded by the LP relaxation.
The JSON holds objective (the mean impact, or the number of scenarios covered), bound, gapPct, solver,
sensors, totalCost, fractionDetected, gains (what each sensor adds) and scenarios (how each is detected).
A bad row is refused as file:line: reason.
`;
const NAME = 'plan';
const { values } = cliArgs(NAME, USAGE, {
  impact: { type: 'string' }, scenarios: { type: 'string' }, sensors: { type: 'string' }, budget: { type: 'string' },
  objective: { type: 'string', default: 'impact' }, probability: { type: 'boolean' }, fixed: { type: 'string' }, 'time-limit': { type: 'string', default: '60' }, json: { type: 'string' },
  district: { type: 'string' }, type: { type: 'string' }, tables: { type: 'string' }, siting: { type: 'string', default: 'gb50116' },
});
if (!values.district && (!values.impact || !values.scenarios)) cliFail(NAME, 'give the tables: --impact <impact.csv> --scenarios <scenarios.csv> (--help explains them), or --district <file> --type gas');
if (values.district && !(PLANNED_TYPES as readonly string[]).includes(values.type ?? '')) cliFail(NAME, `--district builds the table for --type ${PLANNED_TYPES.join(', ')}${values.type ? `, not "${values.type}"` : ''}`);
if (values.siting !== 'gb50116' && values.siting !== 'nfpa72') cliFail(NAME, `--siting is "gb50116" or "nfpa72", not "${values.siting}"`);
if (!values.json) cliFail(NAME, 'give the output: --json <out.json>');
const budget = Number(values.budget);
if (values.budget === undefined || !(budget > 0) || !Number.isFinite(budget)) cliFail(NAME, `--budget must be a number above 0${values.budget === undefined ? '' : `, not "${values.budget}"`}`);
if (values.objective !== 'impact' && values.objective !== 'coverage') cliFail(NAME, `--objective is "impact" or "coverage", not "${values.objective}"`);
const timeLimitS = Number(values['time-limit']);
if (!(timeLimitS > 0)) cliFail(NAME, `--time-limit is seconds above 0, not "${values['time-limit']}"`);

const read = (file: string) => { try { return { file, text: readFileSync(file, 'utf8') }; } catch (e) { return cliFail(NAME, `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`); } };
let problem: PlanProblem;
let fixed = values.fixed ? values.fixed.split(',').map((s) => s.trim()).filter(Boolean) : [];
let names: Record<string, string> = {};
let useProbability = values.probability ?? false;
if (values.district) {
  const loaded = await loadDistrictFiles(values.district).catch((e: Error) => cliFail(NAME, e.message));
  const table = placementTable(values.type as PlannedType, loaded.district, loaded.rules, { siting: values.siting }, (line) => console.log(line));
  problem = table.problem;
  useProbability ||= table.useProbability;
  names = table.names;
  fixed = [...new Set([...table.fixed, ...fixed])];
  if (fixed.length) console.log(`kept: ${fixed.length} detector(s) the district already has`);
  if (values.tables) {
    mkdirSync(values.tables, { recursive: true });
    const t = tablesFromProblem(problem);
    for (const [name, text] of Object.entries(t)) writeFileSync(join(values.tables, `${name}.csv`), text);
    console.log(`Chama's tables written to ${values.tables}/impact.csv, scenarios.csv, sensors.csv`);
  }
} else {
  try {
    problem = problemFromTables({ impact: read(values.impact!), scenarios: read(values.scenarios!), ...(values.sensors ? { sensors: read(values.sensors) } : {}) });
  } catch (e) {
    if (e instanceof TableError) cliFail(NAME, e.message);
    throw e;
  }
}
const unknown = fixed.filter((id) => !problem.sensors.some((s) => s.id === id));
if (unknown.length) cliFail(NAME, `--fixed names sensors the impact table does not have: ${unknown.join(', ')}`);
if (useProbability && problem.scenarios.some((s) => s.probability === null)) cliFail(NAME, `--probability needs a Probability for every scenario in ${values.scenarios}`);

const short = budgetShortfall(problem, fixed, budget);
if (short) cliFail(NAME, short);

const result = await plan(problem, { objective: values.objective, budget, useProbability, fixed, timeLimitS }, (line) => console.log(line));
const { value, objective: formulation, ...rest } = result;
writeFileSync(values.json!, JSON.stringify({ objective: value, formulation, budget, ...rest, ...(values.district ? { names } : {}) }, null, 1));
console.log(`${result.sensors.length} sensors (cost ${result.totalCost} of ${budget}): ${result.sensors.map((id) => names[id] ?? id).join(', ')}`);
console.log(`${result.objective === 'impact' ? 'mean impact' : 'scenarios covered'} ${round(value)}, bound ${round(result.bound)}, gap ${result.gapPct.toFixed(2)} %, ${Math.round(result.fractionDetected * 100)} % of scenarios detected · ${result.solver} · ${result.seconds.toFixed(1)} s`);
console.log(`written to ${values.json}`);

function round(v: number): string { return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4); }
