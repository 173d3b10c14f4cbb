// Every built-in scenario, run headless with a scripted response (and two with nobody acting), gives the
// same effects, byte for byte, as the files recorded in test/fixtures/golden-drills/: what a refactoring of
// the kernel, its hazards or its actions must leave unchanged. A change meant to change behaviour records
// them again (`GOLDEN_RECORD=1 npx vitest run sim-server/drill/goldenJournals.test.ts`) and says why in its commit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { runHeadless } from './headlessRun';
import { STEPS_PER_S, type Incident, type IncidentEffect } from './incident';

const dir = fileURLToPath(new URL('../../test/fixtures/golden-drills/', import.meta.url));
const RECORD = process.env.GOLDEN_RECORD === '1';
const NOBODY_ACTS = new Set(['gas-leak-elderly-kitchen', 'flood-underpass', 'stairwell-smoke-old-walkup', 'flooded-underground-car-park']);

const cases = builtinScenarios().flatMap(({ scenario }) => [
  { scenario, respond: 'scripted' as const },
  ...(NOBODY_ACTS.has(scenario.id) ? [{ scenario, respond: 'none' as const }] : []),
]);

describe('golden drill journals: the kernel tells the same story as when they were recorded', () => {
  it.each(cases.map((c) => [`${c.scenario.id} (${c.respond})`, c] as const))('%s', async (_name, { scenario, respond }) => {
    const lines: string[] = [];
    const onEffects = (effects: IncidentEffect[], incident: Incident) => {
      for (const e of effects) lines.push(JSON.stringify(e));
      // What the scene draws, every ten simulated seconds.
      if (incident.ticks % (10 * STEPS_PER_S) === 0) lines.push(JSON.stringify({ tick: incident.ticks, hazards: incident.run.hazardViews() }));
    };
    await runHeadless(scenario, bundledIndex(), bundledRules(), { seed: 11, respond, onEffects });
    const file = `${dir}${scenario.id}.${respond}.jsonl.gz`;
    if (RECORD) writeFileSync(file, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
    expect(existsSync(file), `${file} is missing: record it with GOLDEN_RECORD=1`).toBe(true);
    const golden = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    // The first line that differs, with its number, rather than two long arrays.
    const first = lines.findIndex((l, i) => l !== golden[i]);
    expect(first === -1 ? null : { line: first + 1, now: lines[first], was: golden[first] }).toBeNull();
    expect(lines.length).toBe(golden.length);
  }, 120_000);
});
