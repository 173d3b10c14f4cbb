// Personal data by need (CONTRACT.md "People and sessions"): residents' names, ages, vulnerability flags and
// phones, their relatives', and building heads' (residents too) go only to staff whose role and scope allow it
// (`residents.read`); work contacts (grid workers, guard rooms) only to staff; nobody without a session gets a
// name or a phone. What responders need to see of a place (which flat, how many live there) stays.
import type { AlarmJson } from './protocol';
import type { District, HouseholdDef } from './districtSchema';

export function householdWithoutPersonalData(h: HouseholdDef): HouseholdDef {
  return { ...h, residents: h.residents.map(() => ({ name: '', age: 0, livingAlone: false, disabled: false, lowIncome: false })), contacts: [] };
}

export interface DistrictView {
  /** Whether residents' data of a courtyard may be shown. */
  residents(courtyardId: string | null): boolean;
  /** Staff see work contacts (grid workers, guard rooms, the governance centre's number). */
  staff: boolean;
}

/** The district as one reader may see it. */
export function districtView(d: District, view: DistrictView): District {
  const courtyardOf = new Map(d.buildings.map((b) => [b.id, b.courtyardId]));
  return {
    ...d,
    households: d.households.map((h) => (view.residents(courtyardOf.get(h.buildingId) ?? null) ? h : householdWithoutPersonalData(h))),
    buildings: d.buildings.map((b) => (view.residents(b.courtyardId) ? b : { ...b, head: null })),
    grids: view.staff ? d.grids : d.grids.map((g) => ({ ...g, worker: { name: '', phone: '' } })),
    courtyards: view.staff ? d.courtyards : d.courtyards.map((c) => ({ ...c, guardRoomPhone: null })),
    governanceCentre: view.staff || !d.governanceCentre ? d.governanceCentre : { ...d.governanceCentre, phone: '' },
  };
}

/** For anyone without a session: the district without a name or a phone. */
export const districtWithoutPersonalData = (d: District) => districtView(d, { residents: () => false, staff: false });

/** An alarm as the public feed shows it: who acknowledged it is a person's name, left out. */
export const publicAlarm = (a: AlarmJson): AlarmJson => ({ ...a, ackedBy: null });
