// `npm run plan -- --impact <csv> --scenarios <csv> [--sensors <csv>] --budget <n> [--objective impact|coverage] [--time-limit <s>] --json <out>`
import { readFileSync, writeFileSync } from 'node:fs';
import { cliArgs, cliFail } from '../../twin-assets/cli';
import { plan } from './plan';
import { problemFromTables, TableError } from './tables';

const USAGE = `
npm run plan -- --impact <impact.csv> --scenarios <scenarios.csv> [--sensors <sensors.csv>] --budget <n>
                [--objective impact|coverage] [--probability] [--fixed <id,id,…>] [--time-limit <s>] --json <out.json>

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

Solved as a MILP by HiGHS; a problem too big for it is placed by lazy greedy, bounded by the LP relaxation.
The JSON holds objective (the mean impact, or the number of scenarios covered), bound, gapPct, solver,
sensors, totalCost, fractionDetected, gains (what each sensor adds) and scenarios (how each is detected).
A bad row is refused as file:line: reason.
`;
const NAME = 'plan';
const { values } = cliArgs(NAME, USAGE, {
  impact: { type: 'string' }, scenarios: { type: 'string' }, sensors: { type: 'string' }, budget: { type: 'string' },
  objective: { type: 'string', default: 'impact' }, probability: { type: 'boolean' }, fixed: { type: 'string' }, 'time-limit': { type: 'string', default: '60' }, json: { type: 'string' },
});
if (!values.impact || !values.scenarios) cliFail(NAME, 'give the tables: --impact <impact.csv> --scenarios <scenarios.csv> (--help explains them)');
if (!values.json) cliFail(NAME, 'give the output: --json <out.json>');
const budget = Number(values.budget);
if (values.budget === undefined || !(budget > 0) || !Number.isFinite(budget)) cliFail(NAME, `--budget must be a number above 0${values.budget === undefined ? '' : `, not "${values.budget}"`}`);
if (values.objective !== 'impact' && values.objective !== 'coverage') cliFail(NAME, `--objective is "impact" or "coverage", not "${values.objective}"`);
const timeLimitS = Number(values['time-limit']);
if (!(timeLimitS > 0)) cliFail(NAME, `--time-limit is seconds above 0, not "${values['time-limit']}"`);

const read = (file: string) => { try { return { file, text: readFileSync(file, 'utf8') }; } catch (e) { return cliFail(NAME, `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`); } };
let problem;
try {
  problem = problemFromTables({ impact: read(values.impact!), scenarios: read(values.scenarios!), ...(values.sensors ? { sensors: read(values.sensors) } : {}) });
} catch (e) {
  if (e instanceof TableError) cliFail(NAME, e.message);
  throw e;
}
const fixed = values.fixed ? values.fixed.split(',').map((s) => s.trim()).filter(Boolean) : [];
const unknown = fixed.filter((id) => !problem.sensors.some((s) => s.id === id));
if (unknown.length) cliFail(NAME, `--fixed names sensors the impact table does not have: ${unknown.join(', ')}`);
if (values.probability && problem.scenarios.some((s) => s.probability === null)) cliFail(NAME, `--probability needs a Probability for every scenario in ${values.scenarios}`);

const result = await plan(problem, { objective: values.objective, budget, useProbability: values.probability ?? false, fixed, timeLimitS }, (line) => console.log(line));
const { value, objective: formulation, ...rest } = result;
writeFileSync(values.json!, JSON.stringify({ objective: value, formulation, budget, ...rest }, null, 1));
console.log(`${result.sensors.length} sensors (cost ${result.totalCost} of ${budget}): ${result.sensors.join(', ')}`);
console.log(`${result.objective === 'impact' ? 'mean impact' : 'scenarios covered'} ${round(value)}, bound ${round(result.bound)}, gap ${result.gapPct.toFixed(2)} %, ${Math.round(result.fractionDetected * 100)} % of scenarios detected · ${result.solver} · ${result.seconds.toFixed(1)} s`);
console.log(`written to ${values.json}`);

function round(v: number): string { return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4); }
