// The impact table for smoke detectors: a fire in every room of every home — a kitchen fire growing as a
// "medium" t² fire, a sofa in the living room "fast", a bed "slow" (NFPA 72 Annex B growth classes) —
// stepped with the twin's fire model (scenarios/hazards/kitchenFire.ts) until a candidate reads what the
// district's alarm rules call smoke or heat. Candidates: every room of the home, in as many points as
// the siting rule (GB 50116 or NFPA 72, siting.ts) needs for its size, and the stair landing of every floor
// of a stair unit with homes. A detector in the fire's room sees its smoke and ceiling jet; one in another room
// of the flat sees the smoke once it has spread through the open inner doors (well mixed over the flat); one on
// a landing sees what the building's multizone model carries there through the shut flat door and up the
// stairwell (airExposure.ts). Impact = minutes to detection × the people of the home, weighted by vulnerability.
import type { District } from '../../twin-assets/districtSchema';
import { ROOM_LABELS } from '../../twin-assets/labels';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import { ALPHA_MEDIUM, initialFire, smokeDetectorSees, stepFire, type KitchenFireParams } from '../../scenarios/hazards/kitchenFire';
import type { PlacementTable } from '../../twin-assets/placement';
import { gb50116Smoke, NFPA72_SMOKE, smokeGrid } from './siting';
import { airExposure } from './airExposure';
import { householdWeight, placeNamer, TableBuilder, type Detection } from './tableBuilder';

/** Found by a neighbour or the resident after half an hour, if no detector finds it. */
export const UNDETECTED_FIRE_S = 1800;
const ROOMS = [
  { id: 'kitchen', share: 0.25, alpha: ALPHA_MEDIUM, ...ROOM_LABELS.kitchen! },
  { id: 'living', share: 0.4, alpha: 0.0469, ...ROOM_LABELS['living room']! },
  { id: 'bedroom', share: 0.35, alpha: 0.00293, ...ROOM_LABELS.bedroom! },
] as const;
const LANDING_M = 3, LANDING_DEPTH_M = 4, PEAK_KW = 1000, AIR_CHANGES_PER_H = 0.5, AMBIENT_C = 20;

export type SmokeSiting = 'gb50116' | 'nfpa72';

interface Rect { x: number; y: number; w: number; d: number }

/** A home's stair unit and door from its number ("2-602": unit 2, door 02; "301": unit 1, door 01). */
export function unitAndDoor(b: District['buildings'][number], h: District['households'][number]): { unit: number; door: number } {
  const m = /^(\d+)-(\d+)$/.exec(h.unit);
  return { unit: Math.min(Math.max(m ? Number(m[1]) : 1, 1), b.units), door: Math.max(1, Number((m ? m[2]! : h.unit).replace(/\D/g, '')) % 100 || 1) };
}

/** Flats per stair-unit floor, for each home: two (一梯两户) unless the door numbers heard on that floor say more. */
export function flatsPerFloor(homes: District['households'], buildings: Map<string, District['buildings'][number]>): (h: District['households'][number]) => number {
  const floorOf = (h: District['households'][number]) => `${h.buildingId}:${unitAndDoor(buildings.get(h.buildingId)!, h).unit}:${h.floor}`;
  const doors = new Map<string, number>();
  for (const h of homes) doors.set(floorOf(h), Math.max(doors.get(floorOf(h)) ?? 2, unitAndDoor(buildings.get(h.buildingId)!, h).door));
  return (h) => doors.get(floorOf(h)) ?? 2;
}

/** Where a home lies in its block: stair units side by side along the long side, the landing in the middle of
 * each unit, the flats of a floor either side of it, rooms across the depth. Door numbers run 01, 02, … */
export function flatLayout(b: District['buildings'][number], h: District['households'][number], flatsPerFloor: number): { flat: Rect; rooms: Rect[]; landing: Rect; unit: number } {
  const { unit, door } = unitAndDoor(b, h);
  const along = b.width >= b.depth, L = along ? b.width : b.depth, D = along ? b.depth : b.width;
  const unitLen = L / b.units, unitStart = -L / 2 + (unit - 1) * unitLen;
  const n = Math.max(flatsPerFloor, door, 1);
  const flatLen = (unitLen - LANDING_M) / n, i = door - 1;
  const start = unitStart + i * flatLen + (i >= n / 2 ? LANDING_M : 0);
  const rect = (a0: number, aLen: number, c0: number, cLen: number): Rect => (along
    ? { x: b.x + a0 + aLen / 2, y: b.y + c0 + cLen / 2, w: aLen, d: cLen }
    : { x: b.x + c0 + cLen / 2, y: b.y + a0 + aLen / 2, w: cLen, d: aLen });
  let c = -D / 2;
  const rooms = ROOMS.map((r) => { const out = rect(start, flatLen, c, D * r.share); c += D * r.share; return out; });
  return { flat: rect(start, flatLen, -D / 2, D), rooms, landing: rect(unitStart + (unitLen - LANDING_M) / 2, LANDING_M, -D / 2, Math.min(LANDING_DEPTH_M, D)), unit };
}

/** The district's smoke alarm levels: the lowest obscuration and heat that raise an alarm. */
export function smokeThresholds(rules: RuleSet): { obscuration: number; heatC: number } {
  const lowest = (q: string, fallback: number) => {
    const r = rules.rules.find((x) => x.deviceType === 'smoke' && x.quantity === q && x.when === 'above');
    return r && r.when === 'above' ? Math.min(...r.bands.map((b) => b.at)) : fallback;
  };
  return { obscuration: lowest('smoke_obscuration_pct_m', 10), heatC: lowest('temperature_c', 57) };
}

/** Seconds until a detector reads an alarm: in the fire's room, or elsewhere in the flat; null if never in the horizon. */
export function secondsToSmokeAlarm(fire: KitchenFireParams, where: 'room' | { spreadM3: number }, th: { obscuration: number; heatC: number }): number | null {
  let s = initialFire();
  for (let t = 1; t <= UNDETECTED_FIRE_S; t++) {
    s = stepFire(fire, s, 1);
    if (where === 'room') {
      const seen = smokeDetectorSees(fire, s);
      if (seen.smoke_obscuration_pct_m >= th.obscuration || seen.temperature_c >= th.heatC) return t;
    } else if (smokeDetectorSees({ ...fire, roomM3: where.spreadM3 }, { ...s, kw: 0 }).smoke_obscuration_pct_m >= th.obscuration) return t;
  }
  return null;
}

export function smokeImpactTable(d: District, rules: RuleSet, opts: { siting?: SmokeSiting } = {}, progress: (line: string) => void = () => {}): PlacementTable {
  const th = smokeThresholds(rules);
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const place = placeNamer(d);
  const t = new TableBuilder();
  const homes = d.households.filter((h) => buildings.has(h.buildingId));
  const doorsOf = flatsPerFloor(homes, buildings);
  const memo = new Map<string, number | null>();
  const timed = (key: string, f: () => number | null) => { if (!memo.has(key)) memo.set(key, f()); return memo.get(key)!; };
  let ruleName = '';
  const layouts = homes.map((h) => {
    const b = buildings.get(h.buildingId)!, p = place(b.id);
    const lay = flatLayout(b, h, doorsOf(h));
    const ceilingM = b.floorHeight - 0.2, z = h.floor * b.floorHeight - 0.2 - 0.05;
    const roomIds = ROOMS.map((r, k) => {
      const rect = lay.rooms[k]!;
      const rule = opts.siting === 'nfpa72' ? NFPA72_SMOKE : gb50116Smoke(rect.w * rect.d, ceilingM);
      ruleName = rule.standard;
      const points = smokeGrid(rule, rect);
      return points.map((pt, j) => {
        const id = `room:${h.id}:${r.id}${points.length > 1 ? `:${j + 1}` : ''}`;
        t.candidate({ id, x: pt.x, y: pt.y, z, kind: 'room', buildingId: b.id, householdId: h.id, floor: h.floor, room: r.id, rule: rule.standard },
          { zh: `${p.zh} ${h.unit} ${r.zh}${points.length > 1 ? ` ${j + 1}号` : ''}`, en: `${r.en}${points.length > 1 ? ` #${j + 1}` : ''} of ${h.unit}, ${p.en}` });
        return id;
      });
    });
    // The landing of every floor of the home's stair unit: smoke climbs the stairwell.
    const landingOf = (f: number) => `landing:${b.id}:${lay.unit}:${f}`;
    for (let f = 1; f <= b.floors; f++) {
      if (t.has(landingOf(f))) continue;
      t.candidate({ id: landingOf(f), x: lay.landing.x, y: lay.landing.y, z: f * b.floorHeight - 0.25, kind: 'landing', buildingId: b.id, householdId: null, floor: f, room: 'stair landing', rule: 'GB 50116-2013 6.2.2' },
        { zh: `${p.zh} ${lay.unit}单元 ${f}层 楼梯间`, en: `stair landing, unit ${lay.unit} floor ${f}, ${p.en}` });
    }
    return { h, b, p, lay, ceilingM, roomIds, landingOf, doors: doorsOf(h) };
  });
  for (const { h, b, p, lay, ceilingM, roomIds, landingOf, doors: perFloor } of layouts) {
    const weight = householdWeight(h), flatM3 = lay.flat.w * lay.flat.d * ceilingM;
    ROOMS.forEach((r, k) => {
      const rect = lay.rooms[k]!;
      const fire: KitchenFireParams = { alphaKwPerS2: r.alpha, peakKw: PEAK_KW, ceilingM, roomM3: rect.w * rect.d * ceilingM, airChangesPerH: AIR_CHANGES_PER_H, ambientC: AMBIENT_C };
      const base = `${r.alpha}:${fire.roomM3.toFixed(1)}:${ceilingM}`;
      const found: Detection[] = [];
      const add = (ids: string[], s: number | null) => { if (s !== null) for (const id of ids) found.push({ candidate: id, seconds: s, impact: (s / 60) * weight }); };
      add(roomIds[k]!, timed(`${base}:room`, () => secondsToSmokeAlarm(fire, 'room', th)));
      add(roomIds.filter((_, j) => j !== k).flat(), timed(`${base}:flat:${flatM3.toFixed(1)}`, () => secondsToSmokeAlarm(fire, { spreadM3: flatM3 }, th)));
      airExposure(b, h.floor, perFloor, { kind: 'fire', alphaKwPerS2: r.alpha, peakKw: PEAK_KW }, th.obscuration, UNDETECTED_FIRE_S).landing.forEach((s, f) => add([landingOf(f + 1)], s));
      t.scenario(`fire:${h.id}:${r.id}`, { zh: `${p.zh} ${h.unit} ${r.zh}起火`, en: `${r.en} fire at ${h.unit}, ${p.en}` }, { x: rect.x, y: rect.y },
        (UNDETECTED_FIRE_S / 60) * weight, null, found);
    });
  }
  progress(`smoke: ${t.scenarioCount} fires (${homes.length} homes × ${ROOMS.length} rooms) × ${t.candidateCount} candidate detectors, sited by ${ruleName || 'GB 50116-2013 6.2.2'}`);
  // An installed detector stands at the candidate of its home nearest to it.
  const fixed = d.devices.filter((dev) => dev.type === 'smoke' && dev.householdId).flatMap((dev) => {
    const mine = t.candidateList().filter((c) => c.householdId === dev.householdId);
    if (!mine.length) return [];
    return [mine.reduce((a, c) => (Math.hypot(c.x - dev.position.x, c.y - dev.position.y) < Math.hypot(a.x - dev.position.x, a.y - dev.position.y) ? c : a)).id];
  });
  return t.build('smoke', fixed, false);
}
