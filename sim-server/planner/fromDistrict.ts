// The planner's impact table for a device type, built from the district and its hazard models.
import type { District } from '../../twin-assets/districtSchema';
import type { PlacementTable, PlannedType } from '../../twin-assets/placement';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { floodImpactTable } from './floodTable';
import { gasImpactTable } from './gasTable';
import { smokeImpactTable, type SmokeSiting } from './smokeTable';

export function placementTable(type: PlannedType, d: District, rules: RuleSet, opts: { siting?: SmokeSiting } = {}, progress: (line: string) => void = () => {}): PlacementTable {
  if (type === 'gas') return gasImpactTable(d, progress);
  if (type === 'smoke') return smokeImpactTable(d, rules, opts, progress);
  return floodImpactTable(d, rules, progress);
}
