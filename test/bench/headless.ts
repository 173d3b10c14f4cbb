// Headless runs of every built-in scenario on the default district, as `npm run scenario:run` does
// them: simulated seconds per wall-clock second, with nobody acting (each runs to its time limit) and
// with the scripted response (responders walk, so avatars and the physics are in it).
import { builtinScenarios } from '../../scenarios/builtin';
import { runHeadless } from '../../sim-server/drill/headlessRun';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';

export async function benchHeadless(index: DistrictIndex, rules: RuleSet) {
  const rows: { scenario: string; respond: string; simulatedS: number; wallMs: number; timesRealTime: number }[] = [];
  for (const { scenario } of builtinScenarios()) {
    for (const respond of ['none', 'scripted'] as const) {
      const t0 = performance.now();
      const r = await runHeadless(scenario, index, rules, { seed: 1, respond });
      const wallMs = performance.now() - t0;
      rows.push({ scenario: scenario.id, respond, simulatedS: r.simulatedS, wallMs: Math.round(wallMs), timesRealTime: Math.round((r.simulatedS * 1000) / wallMs) });
    }
  }
  const total = rows.reduce((s, r) => s + r.simulatedS, 0), wall = rows.reduce((s, r) => s + r.wallMs, 0);
  return { runs: rows, slowestTimesRealTime: Math.min(...rows.map((r) => r.timesRealTime)), overallTimesRealTime: Math.round((total * 1000) / wall) };
}
