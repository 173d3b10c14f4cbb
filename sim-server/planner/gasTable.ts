// The impact table for gas detectors, built from the district and the gas hazard model: a leak in every
// kitchen (three sizes: a loose hose, a cracked one, a pinhole) and in every building's gas riser, each
// stepped in time with the well-mixed room model until a candidate detector there reads the alarm level.
// Candidates obey the siting rules (siting.ts). Impact = minutes to detection × the people exposed,
// weighted by vulnerability (tableBuilder.ts). Detectors the district already has are "fixed".
import type { District } from '../../twin-assets/districtSchema';
import { initialGasRoom, percentLel, stepGasRoom, type GasRoomParams } from '../../scenarios/hazards/gasRoom';
import type { PlacementTable } from '../../twin-assets/placement';
import { GAS_ALARM_PERCENT_LEL, SITING_RULES } from './siting';
import { householdWeight, placeNamer, TableBuilder } from './tableBuilder';

/** Found by smell or by chance after an hour, if no detector finds it: the undetected impact's time. */
export const UNDETECTED_AFTER_S = 3600;
const KITCHEN_M3 = 20, KITCHEN_ACH = 0.5;
const LEAKS = [{ id: 'hose', m3PerH: 0.6, zh: '软管脱落', en: 'loose hose' }, { id: 'crack', m3PerH: 0.2, zh: '软管开裂', en: 'cracked hose' }, { id: 'pinhole', m3PerH: 0.05, zh: '针孔泄漏', en: 'pinhole leak' }] as const;
const RISER_M2 = 0.25, RISER_ACH = 2, RISER_LEAK_M3_PER_H = 1;

/** Seconds until the room reads the alarm level, or null if it never does within the hour. */
export function secondsToAlarm(p: GasRoomParams): number | null {
  let s = initialGasRoom();
  for (let t = 1; t <= UNDETECTED_AFTER_S; t++) {
    s = stepGasRoom(p, s, 1);
    if (percentLel(s) >= GAS_ALARM_PERCENT_LEL) return t;
  }
  return null;
}

export function gasImpactTable(d: District, progress: (line: string) => void = () => {}): PlacementTable {
  const rule = SITING_RULES.naturalGas;
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const place = placeNamer(d);
  const t = new TableBuilder();
  const kitchens = d.households.filter((h) => buildings.has(h.buildingId));
  for (const h of kitchens) {
    const b = buildings.get(h.buildingId)!, p = place(b.id);
    // On the kitchen ceiling, 1.5 m from the stove (≤ 8 m), not above it.
    t.candidate({ id: `kitchen:${h.id}`, x: b.x - b.width / 4, y: b.y, z: h.floor * b.floorHeight - rule.withinM / 2, kind: 'kitchen', buildingId: b.id, householdId: h.id, floor: h.floor, room: 'kitchen', rule: rule.standard },
      { zh: `${p.zh} ${h.unit} 厨房`, en: `kitchen of ${h.unit}, ${p.en}` });
  }
  const withHomes = new Set(kitchens.map((h) => h.buildingId));
  for (const b of d.buildings.filter((x) => withHomes.has(x.id))) {
    const p = place(b.id);
    t.candidate({ id: `riser:${b.id}`, x: b.x + b.width / 2, y: b.y, z: b.floors * b.floorHeight - rule.withinM / 2, kind: 'riser', buildingId: b.id, householdId: null, floor: b.floors, room: 'gas riser shaft', rule: rule.standard },
      { zh: `${p.zh} 燃气立管井`, en: `gas riser shaft, ${p.en}` });
  }
  const kitchenAlarm = LEAKS.map((l) => secondsToAlarm({ leakM3PerH: l.m3PerH, roomM3: KITCHEN_M3, airChangesPerH: KITCHEN_ACH, windowsOpenAirChangesPerH: KITCHEN_ACH }));
  for (const h of kitchens) {
    const b = buildings.get(h.buildingId)!, p = place(b.id), severity = householdWeight(h);
    LEAKS.forEach((leak, k) => {
      const s = kitchenAlarm[k]!;
      t.scenario(`leak:${h.id}:${leak.id}`, { zh: `${p.zh} ${h.unit} 厨房${leak.zh}`, en: `${leak.en} in the kitchen of ${h.unit}, ${p.en}` }, { x: b.x - b.width / 4, y: b.y },
        (UNDETECTED_AFTER_S / 60) * severity, null, s === null ? [] : [{ candidate: `kitchen:${h.id}`, seconds: s, impact: (s / 60) * severity }]);
    });
  }
  for (const b of d.buildings.filter((x) => withHomes.has(x.id))) {
    const p = place(b.id);
    const people = kitchens.filter((h) => h.buildingId === b.id).reduce((s, h) => s + householdWeight(h), 0);
    const s = secondsToAlarm({ leakM3PerH: RISER_LEAK_M3_PER_H, roomM3: RISER_M2 * b.floors * b.floorHeight, airChangesPerH: RISER_ACH, windowsOpenAirChangesPerH: RISER_ACH });
    t.scenario(`leak:${b.id}:riser`, { zh: `${p.zh} 燃气立管泄漏`, en: `gas riser leak, ${p.en}` }, { x: b.x + b.width / 2, y: b.y },
      (UNDETECTED_AFTER_S / 60) * people, null, s === null ? [] : [{ candidate: `riser:${b.id}`, seconds: s, impact: (s / 60) * people }]);
  }
  progress(`gas: ${t.scenarioCount} leaks (${kitchens.length} kitchens × ${LEAKS.length} sizes, ${t.candidateCount - kitchens.length} risers) × ${t.candidateCount} candidate detectors, sited by ${rule.standard}`);
  const fixed = d.devices.filter((dev) => dev.type === 'gas' && dev.householdId && t.has(`kitchen:${dev.householdId}`)).map((dev) => `kitchen:${dev.householdId}`);
  return t.build('gas', fixed, false);
}
