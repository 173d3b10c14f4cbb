// The impact table for gas detectors, built from the district and the gas hazard model: a leak in every
// kitchen (three sizes: a loose hose, a cracked one, a pinhole) and in every building's gas riser, each
// stepped in time with the well-mixed room model until a candidate detector there reads the alarm level.
// Candidates obey the siting rules (siting.ts). Impact = minutes to detection × the people exposed,
// weighted by vulnerability (someone over 70 living alone counts 3, a disabled person 2), so the
// elderly living alone come first. Detectors the district already has are "fixed".
import type { District } from '../../twin-assets/districtSchema';
import { initialGasRoom, percentLel, stepGasRoom, type GasRoomParams } from '../../scenarios/hazards/gasRoom';
import type { Candidate, GasTable, PlanProblem } from '../../twin-assets/placement';
import { GAS_ALARM_PERCENT_LEL, SITING_RULES } from './siting';

/** Found by smell or by chance after an hour, if no detector finds it: the undetected impact's time. */
export const UNDETECTED_AFTER_S = 3600;
const KITCHEN_M3 = 20, KITCHEN_ACH = 0.5;
const LEAKS = [{ id: 'hose', m3PerH: 0.6 }, { id: 'crack', m3PerH: 0.2 }, { id: 'pinhole', m3PerH: 0.05 }] as const;
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

const weightOf = (r: { age: number; livingAlone: boolean; disabled: boolean }) => (r.age >= 70 && r.livingAlone ? 3 : r.disabled ? 2 : 1);

export function gasImpactTable(d: District, progress: (line: string) => void = () => {}): GasTable {
  const rule = SITING_RULES.naturalGas;
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const courtyards = new Map(d.courtyards.map((c) => [c.id, c]));
  // A person sees the courtyard and the block, never an id: "纺织厂老院落 1栋".
  const place = (b: District['buildings'][number]) => { const c = courtyards.get(b.courtyardId); return { zh: `${c ? c.name.zh : ''}${b.name.zh}`, en: `${b.name.en}${c ? `, ${c.name.en}` : ''}` }; };
  const candidates: Candidate[] = [];
  const names: Record<string, string> = {};
  for (const h of d.households) {
    const b = buildings.get(h.buildingId);
    if (!b) continue;
    // On the kitchen ceiling, 1.5 m from the stove (≤ 8 m), not above it.
    const ceiling = h.floor * b.floorHeight;
    candidates.push({ id: `kitchen:${h.id}`, x: b.x - b.width / 4, y: b.y, z: ceiling - rule.withinM / 2, kind: 'kitchen', buildingId: b.id, householdId: h.id, rule: rule.standard });
    names[`kitchen:${h.id}`] = `${place(b).zh} ${h.unit} 厨房 / kitchen of ${h.unit}, ${place(b).en}`;
  }
  const withHomes = new Set(d.households.map((h) => h.buildingId));
  for (const b of d.buildings) {
    if (!withHomes.has(b.id)) continue;
    candidates.push({ id: `riser:${b.id}`, x: b.x + b.width / 2, y: b.y, z: b.floors * b.floorHeight - rule.withinM / 2, kind: 'riser', buildingId: b.id, householdId: null, rule: rule.standard });
    names[`riser:${b.id}`] = `${place(b).zh} 燃气立管井 / gas riser shaft, ${place(b).en}`;
  }
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const scenarios: PlanProblem['scenarios'] = [];
  const detections: PlanProblem['detections'] = [];
  const kitchenAlarm = LEAKS.map((l) => secondsToAlarm({ leakM3PerH: l.m3PerH, roomM3: KITCHEN_M3, airChangesPerH: KITCHEN_ACH, windowsOpenAirChangesPerH: KITCHEN_ACH }));
  for (const h of d.households) {
    const severity = h.residents.reduce((s, r) => s + weightOf(r), 0);
    LEAKS.forEach((leak, k) => {
      const t = kitchenAlarm[k]!;
      scenarios.push({ id: `leak:${h.id}:${leak.id}`, undetected: (UNDETECTED_AFTER_S / 60) * severity, probability: null });
      detections.push(t === null ? [] : [{ sensor: index.get(`kitchen:${h.id}`)!, impact: (t / 60) * severity }]);
    });
  }
  for (const b of d.buildings) {
    const i = index.get(`riser:${b.id}`);
    if (i === undefined) continue;
    const people = d.households.filter((h) => h.buildingId === b.id).reduce((s, h) => s + h.residents.reduce((x, r) => x + weightOf(r), 0), 0);
    const t = secondsToAlarm({ leakM3PerH: RISER_LEAK_M3_PER_H, roomM3: RISER_M2 * b.floors * b.floorHeight, airChangesPerH: RISER_ACH, windowsOpenAirChangesPerH: RISER_ACH });
    scenarios.push({ id: `leak:${b.id}:riser`, undetected: (UNDETECTED_AFTER_S / 60) * people, probability: null });
    detections.push(t === null ? [] : [{ sensor: i, impact: (t / 60) * people }]);
  }
  progress(`gas: ${scenarios.length} leaks (${d.households.length} kitchens × ${LEAKS.length} sizes, ${candidates.length - d.households.length} risers) × ${candidates.length} candidate detectors, sited by ${rule.standard}`);
  const fixed = d.devices.filter((dev) => dev.type === 'gas' && dev.householdId && index.has(`kitchen:${dev.householdId}`)).map((dev) => `kitchen:${dev.householdId}`);
  return { problem: { scenarios, sensors: candidates.map((c) => ({ id: c.id, cost: 1 })), detections }, candidates, fixed, names };
}
