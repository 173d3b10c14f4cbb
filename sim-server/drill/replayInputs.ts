// A run of the incident kernel from a drill's recorded inputs: the same kernel, the same inputs at the
// same ticks, so the same journal. Used to bring a drill back after a restart and to check that a drill
// and its headless replay tell the same story.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { DrillRecord } from './drillLog';
import { Incident, STEPS_PER_S, type IncidentEffect } from './incident';

type Created = Extract<DrillRecord, { t: 'created' }>;

/** Replays `records` (a drill journal: its inputs are what count) into a new incident; `onEffects` gets
 * everything it produces, in order. Time runs on to the last simulated second the journal reached. */
export async function replayInputs(created: Created & { index: DistrictIndex; rules: RuleSet }, records: DrillRecord[], onEffects: (effects: IncidentEffect[]) => void): Promise<Incident> {
  const { incident, effects } = await Incident.create({ drillId: created.drillId, scenario: created.scenario, seed: created.seed, createdAt: created.createdAt, index: created.index, rules: created.rules });
  onEffects(effects);
  const tickTo = (step: number) => {
    while (incident.ticks < step) {
      const r = incident.step({ kind: 'tick' });
      if (!r.outcome.ok) throw new Error(`the journal has an input at tick ${step}, but the drill stopped at tick ${incident.ticks} (${incident.status})`);
      onEffects(r.effects);
    }
  };
  let last = 0;
  for (const r of records) {
    if (r.t !== 'input') { last = Math.max(last, r.simS * STEPS_PER_S); continue; }
    tickTo(r.step);
    onEffects(incident.step(r.input).effects);
    last = Math.max(last, r.step);
  }
  if (incident.status === 'running') tickTo(last);
  return incident;
}
