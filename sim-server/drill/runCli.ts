// `npm run scenario:run -- <file or built-in id> [--seed 1] [--respond scripted|none] [--speed max]`
// Runs a scenario headless on simulated time through the real alarm engine and prints its timeline.
import { existsSync, readFileSync } from 'node:fs';
import { cliArgs } from '../../twin-assets/cli';
import { builtinScenarios } from '../../scenarios/builtin';
import { errorText, parseScenario } from '../../scenarios/parse';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { loadDistrictFiles } from '../districtFiles';
import { runHeadless } from './headlessRun';

const USAGE = `
npm run scenario:run -- <scenario file or built-in id> [--seed 1] [--respond scripted|none] [--district <file>]

Runs a scenario headless on simulated time through the real alarm engine and prints its timeline,
objectives, outcome and score. --respond scripted plays the expected actions in time; none lets it run
with nobody acting. The same scenario, seed and response give the same timeline.
`;
const { values, positionals } = cliArgs('scenario:run', USAGE, {
  seed: { type: 'string', default: '1' }, respond: { type: 'string', default: 'scripted' }, speed: { type: 'string', default: 'max' }, district: { type: 'string' },
}, { positionals: true });
const fail = (m: string): never => { console.error(`scenario:run: ${m}`); process.exit(1); };
const which = positionals[0] ?? fail(`name a scenario file or a built-in one: ${builtinScenarios().map((s) => s.scenario.id).join(', ')}`);
if (values.respond !== 'scripted' && values.respond !== 'none') fail('--respond is "scripted" or "none"');
if (values.speed !== 'max') fail('only --speed max runs headless; drills in real time run in a drill room');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number, not "${values.seed}"`);

const scenario = existsSync(which) ? (() => {
  const r = parseScenario(readFileSync(which, 'utf8'));
  return r.ok ? r.scenario : fail(`${which} is invalid:\n${r.errors.map((e) => errorText(e, which)).join('\n')}`);
})() : builtinScenarios().find((s) => s.scenario.id === which)?.scenario ?? fail(`no scenario file or built-in scenario "${which}"`);

const loaded = await loadDistrictFiles(values.district ?? null).catch((e: Error) => fail(e.message));
if (loaded.district.id !== scenario.district) fail(`the scenario is written for district "${scenario.district}", the loaded one is "${loaded.district.id}" (use --district)`);
const t0 = performance.now();
const result = await runHeadless(scenario, indexDistrict(loaded.district), loaded.rules, { seed, respond: values.respond as 'scripted' | 'none' });
const wallMs = performance.now() - t0;
const clock = (s: number) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
console.log(`${scenario.title.zh} / ${scenario.title.en} — seed ${seed}, response: ${values.respond}`);
for (const e of result.timeline) console.log(`  ${clock(e.tS)}  ${e.kind.padEnd(7)} ${e.text}`);
console.log('objectives:');
for (const o of result.objectives) console.log(`  ${o.met ? '✓' : '✗'} ${o.action} within ${o.withinS} s${o.doneAtS !== null ? ` (done at ${clock(o.doneAtS)})` : ''}`);
console.log('score:');
for (const l of result.score.lines) console.log(`  ${l.earned}/${l.points}  ${l.id} (${l.action}): ${l.reason.replace('_', ' ')}${l.withinS !== null ? `, limit ${l.withinS} s` : ''}${l.doneAfterS !== null ? `, done ${l.doneAfterS} s after the first alarm` : ''}`);
console.log(`outcome: ${result.outcome} · score ${result.score.earned}/${result.score.possible} · ${result.simulatedS} s simulated in ${wallMs.toFixed(0)} ms (${Math.round((result.simulatedS * 1000) / Math.max(wallMs, 1))}× real time)`);
