// The impact table for gas detectors, built from the district and the gas hazard model: a leak in every
// kitchen (three sizes: a loose hose, a cracked one, a pinhole) and in every building's gas riser, each
// stepped in time with the well-mixed room model until a candidate detector there reads the alarm level.
// Candidates obey the siting rules (siting.ts): each kitchen, each building's riser, and the landing of every
// floor of a stair unit with homes; what a kitchen leak brings to the landings and the riser comes from the
// building's multizone model (airExposure.ts: under the shut flat door, up the stairwell, into the riser). Impact =
// minutes to detection × the people exposed, weighted by vulnerability (tableBuilder.ts). Detectors the district
// already has are "fixed".
import type { District } from '../../twin-assets/districtSchema';
import { initialGasRoom, percentLel, stepGasRoom, type GasRoomParams } from '../../scenarios/hazards/gasRoom';
import type { PlacementTable } from '../../twin-assets/placement';
import { airExposure } from './airExposure';
import { GAS_ALARM_PERCENT_LEL, SITING_RULES } from './siting';
import { flatLayout, flatsPerFloor, unitAndDoor } from './smokeTable';
import { householdWeight, placeNamer, TableBuilder } from './tableBuilder';

/** Found by smell or by chance after an hour, if no detector finds it: the undetected impact's time. */
export const UNDETECTED_AFTER_S = 3600;
const KITCHEN_M3 = 20, KITCHEN_ACH = 0.5;
const LEAKS = [{ id: 'hose', m3PerH: 0.6, zh: '软管脱落', en: 'loose hose' }, { id: 'crack', m3PerH: 0.2, zh: '软管开裂', en: 'cracked hose' }, { id: 'pinhole', m3PerH: 0.05, zh: '针孔泄漏', en: 'pinhole leak' }] as const;
const RISER_LEAK_M3_PER_H = 1;

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
  // The landings where the smoke table puts them (its flat layout), on their ceilings.
  const doorsOf = flatsPerFloor(kitchens, buildings);
  const unitOf = (h: (typeof kitchens)[number]) => unitAndDoor(buildings.get(h.buildingId)!, h).unit;
  const landingOf = (bId: string, unit: number, f: number) => `landing:${bId}:${unit}:${f}`;
  for (const h of kitchens) {
    const b = buildings.get(h.buildingId)!, p = place(b.id), unit = unitOf(h), { landing } = flatLayout(b, h, doorsOf(h));
    for (let f = 1; f <= b.floors; f++) {
      if (t.has(landingOf(b.id, unit, f))) continue;
      t.candidate({ id: landingOf(b.id, unit, f), x: landing.x, y: landing.y, z: f * b.floorHeight - rule.withinM / 2, kind: 'landing', buildingId: b.id, householdId: null, floor: f, room: 'stair landing', rule: rule.standard },
        { zh: `${p.zh} ${unit}单元 ${f}层 楼梯间`, en: `stair landing, unit ${unit} floor ${f}, ${p.en}` });
    }
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
    const unit = unitOf(h);
    LEAKS.forEach((leak, k) => {
      const s = kitchenAlarm[k]!;
      const found = s === null ? [] : [{ candidate: `kitchen:${h.id}`, seconds: s, impact: (s / 60) * severity }];
      // One run per floor of a block's shape, at the largest leak; the smaller ones are its readings scaled.
      const air = airExposure(b, h.floor, doorsOf(h), { kind: 'gas', leakM3PerH: LEAKS[0].m3PerH }, GAS_ALARM_PERCENT_LEL, UNDETECTED_AFTER_S, leak.m3PerH / LEAKS[0].m3PerH);
      air.landing.forEach((sec, f) => { if (sec !== null) found.push({ candidate: landingOf(b.id, unit, f + 1), seconds: sec, impact: (sec / 60) * severity }); });
      // The riser's detector at its top: the first of the riser's floors to read the alarm (gas rises).
      const riser = air.riser.reduce<number | null>((m, sec) => (sec === null ? m : m === null ? sec : Math.min(m, sec)), null);
      if (riser !== null) found.push({ candidate: `riser:${b.id}`, seconds: riser, impact: (riser / 60) * severity });
      t.scenario(`leak:${h.id}:${leak.id}`, { zh: `${p.zh} ${h.unit} 厨房${leak.zh}`, en: `${leak.en} in the kitchen of ${h.unit}, ${p.en}` }, { x: b.x - b.width / 4, y: b.y },
        (UNDETECTED_AFTER_S / 60) * severity, null, found);
    });
  }
  for (const b of d.buildings.filter((x) => withHomes.has(x.id))) {
    const p = place(b.id);
    const people = kitchens.filter((h) => h.buildingId === b.id).reduce((s, h) => s + householdWeight(h), 0);
    // A riser leak half-way up the first stair unit: the riser's own detector, and the landings it seeps onto.
    const floor = Math.ceil(b.floors / 2);
    const air = airExposure(b, floor, 2, { kind: 'gas', leakM3PerH: RISER_LEAK_M3_PER_H, at: 'riser' }, GAS_ALARM_PERCENT_LEL, UNDETECTED_AFTER_S);
    const riser = air.riser.reduce<number | null>((m, sec) => (sec === null ? m : m === null ? sec : Math.min(m, sec)), null);
    const found = riser === null ? [] : [{ candidate: `riser:${b.id}`, seconds: riser, impact: (riser / 60) * people }];
    air.landing.forEach((sec, f) => { if (sec !== null && t.has(landingOf(b.id, 1, f + 1))) found.push({ candidate: landingOf(b.id, 1, f + 1), seconds: sec, impact: (sec / 60) * people }); });
    t.scenario(`leak:${b.id}:riser`, { zh: `${p.zh} 燃气立管泄漏`, en: `gas riser leak, ${p.en}` }, { x: b.x + b.width / 2, y: b.y },
      (UNDETECTED_AFTER_S / 60) * people, null, found);
  }
  progress(`gas: ${t.scenarioCount} leaks (${kitchens.length} kitchens × ${LEAKS.length} sizes, ${withHomes.size} risers) × ${t.candidateCount} candidate detectors (kitchens, landings, risers), sited by ${rule.standard}`);
  const fixed = d.devices.filter((dev) => dev.type === 'gas' && dev.householdId && t.has(`kitchen:${dev.householdId}`)).map((dev) => `kitchen:${dev.householdId}`);
  return t.build('gas', fixed, false);
}
