// Residents' personal data (names, relatives' names and phones) is served only to operators and
// trainers (CONTRACT.md): everyone else gets the district with it taken out. Staff contacts (building
// heads, guard rooms, grid workers) are work numbers and stay.
import type { District, HouseholdDef } from './districtSchema';

export function householdWithoutPersonalData(h: HouseholdDef): HouseholdDef {
  return { ...h, residents: h.residents.map((r) => ({ ...r, name: '' })), contacts: [] };
}

export function districtWithoutPersonalData(d: District): District {
  return { ...d, households: d.households.map(householdWithoutPersonalData) };
}
