// A scenario names things of its district: devices, households, flood zones, street edges and the
// district itself. Each name must exist; an unknown one is refused with the nearest valid one suggested.
import { closest, distance } from 'fastest-levenshtein';
import type { District } from '../twin-assets/districtSchema';
import type { Scenario } from './schema';

export interface ReferenceError { path: (string | number)[]; message: string }

export function referenceErrors(scenario: Scenario, district: District): ReferenceError[] {
  const errors: ReferenceError[] = [];
  const kinds = {
    device: district.devices.map((d) => d.id),
    household: district.households.map((h) => h.id),
    'flood zone': district.floodZones.map((z) => z.id),
    'street edge': district.streets.edges.map((e) => e.id),
  };
  const sets = Object.fromEntries(Object.entries(kinds).map(([k, ids]) => [k, new Set(ids)])) as Record<keyof typeof kinds, Set<string>>;
  const check = (kind: keyof typeof kinds, id: string, path: (string | number)[]) => {
    if (sets[kind].has(id)) return;
    errors.push({ path, message: `unknown ${kind} "${id}" in district "${district.id}"${suggestion(id, kinds[kind])}` });
  };
  if (scenario.district !== district.id) errors.push({ path: ['district'], message: `unknown district "${scenario.district}": the district loaded is "${district.id}"` });
  scenario.initial.atHome.forEach((id, i) => check('household', id, ['initial', 'atHome', i]));
  scenario.hazards.forEach((h, i) => {
    h.deviceIds.forEach((id, j) => check('device', id, ['hazards', i, 'deviceIds', j]));
    if ('zoneId' in h && h.zoneId !== undefined) check('flood zone', h.zoneId, ['hazards', i, 'zoneId']);
  });
  scenario.injects.forEach((inj, i) => {
    const a = inj.action;
    if ('deviceId' in a) check('device', a.deviceId, ['injects', i, 'action', 'deviceId']);
    if ('householdId' in a) check('household', a.householdId, ['injects', i, 'action', 'householdId']);
    if ('edgeId' in a) check('street edge', a.edgeId, ['injects', i, 'action', 'edgeId']);
  });
  return errors;
}

/** `; did you mean "gas-a1-301"?` when a valid id is near enough to be the one meant. */
function suggestion(id: string, ids: string[]): string {
  if (ids.length === 0) return '';
  const best = closest(id, ids);
  return distance(id, best) <= Math.max(2, Math.floor(best.length / 3)) ? `; did you mean "${best}"?` : '';
}
