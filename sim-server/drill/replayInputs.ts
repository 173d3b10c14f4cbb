// A run of the incident kernel from a drill's recorded inputs: the same kernel, the same inputs at the
// same ticks, so the same journal. Used to bring a drill back after a restart (from its first second, or
// from a kernel snapshot with the inputs journalled after it: kernelSnapshot.ts) and to check that a drill
// and its headless replay tell the same story.
import type { DrillRecord } from './drillLog';
import { Incident, setupOf, STEPS_PER_S, type IncidentEffect, type IncidentSetup } from './incident';

/** Replays `records` (a drill journal: its inputs are what count) into a new incident; `onEffects` gets
 * everything it produces, in order, with the incident as it stands after it. Time runs on to the last simulated second the journal reached. */
export async function replayInputs(setup: IncidentSetup, records: DrillRecord[], onEffects: (effects: IncidentEffect[], incident: Incident) => void): Promise<Incident> {
  const { incident, effects } = await Incident.create(setupOf(setup, setup.index, setup.rules));
  onEffects(effects, incident);
  feedInputs(incident, records, onEffects);
  return incident;
}

/** Feeds the inputs among `records` to `incident` at their ticks (it has not passed any of them), then runs
 * time on to the last simulated second the records reached. */
export function feedInputs(incident: Incident, records: DrillRecord[], onEffects: (effects: IncidentEffect[], incident: Incident) => void): void {
  const tickTo = (step: number) => {
    while (incident.ticks < step) {
      const r = incident.step({ kind: 'tick' });
      if (!r.outcome.ok) throw new Error(`the journal has an input at tick ${step}, but the drill stopped at tick ${incident.ticks} (${incident.status})`);
      onEffects(r.effects, incident);
    }
  };
  let last = incident.ticks;
  for (const r of records) {
    if (r.t !== 'input') { last = Math.max(last, r.simS * STEPS_PER_S); continue; }
    if (r.step < incident.ticks) throw new Error(`the journal has an input at tick ${r.step}, before the drill's tick ${incident.ticks}`);
    tickTo(r.step);
    onEffects(incident.step(r.input).effects, incident);
    last = Math.max(last, r.step);
  }
  if (incident.status === 'running') tickTo(last);
}
