// A district building as a multizone network, when its file gives no zones of its own: for each stair unit (单元)
// and floor, the flats off the landing (一梯两户 unless told otherwise, numbered unit-floor-door as the households
// are), the stair landing, and the gas riser beside it; the landings stack into the stairwell and the riser into
// its shaft. Paths: each flat's entrance door to its landing and its window to the outdoors, the stairwell's
// opening between floors, a stair window per landing, the unit's entrance door at the bottom, the riser's opening
// between floors and its access panel on each landing. Sizes are those of the old six-storey walk-ups of the
// seeds; closed doors and windows keep the gaps a real one leaks through (Klote et al., Handbook of Smoke Control
// Engineering: about 0.01 m² round a shut door). Every door and window starts shut. A hazard's flat may have its
// kitchen as a zone of its own (where a leak or a pan fire starts), behind an inner door that stands open.
import type { AIR_PATH_KINDS, AIR_ZONE_KINDS, BuildingDef } from '../../twin-assets/districtSchema';
import { signedArea } from '../../twin-assets/geo';
import { OUTDOORS, type Network, type Opening, type Path, type Zone } from './network';

export type ZoneKind = (typeof AIR_ZONE_KINDS)[number];
export type PathKind = (typeof AIR_PATH_KINDS)[number];

export interface BuildingZones {
  net: Network;
  /** Per zone: what it is, its unit (1…), floor (1…), and for a flat its number as the households have it ("1-301"). */
  zones: { kind: ZoneKind; unit: number; floor: number; flat: string | null }[];
  paths: { kind: PathKind; unit: number; floor: number; flat: string | null }[];
}

const STAIR_M2 = 15, RISER_M2 = 0.3;
const door = (open: number, shut: number): Opening => ({ kind: 'orifice', openAreaM2: open, shutAreaM2: shut, cd: 0.65, heightM: 2 });
const FLAT_DOOR = door(0.9 * 2, 0.01), ENTRANCE = door(1.2 * 2, 0.02);
const KITCHEN_DOOR = door(0.8 * 2, 0.01);
const KITCHEN_WINDOW: Opening = { kind: 'orifice', openAreaM2: 0.6, shutAreaM2: 0.002, cd: 0.6, heightM: 1.2 };
const FLAT_WINDOW: Opening = { kind: 'orifice', openAreaM2: 1.0, shutAreaM2: 0.003, cd: 0.6, heightM: 1.4 };
const STAIR_WINDOW: Opening = { kind: 'orifice', openAreaM2: 0.8, shutAreaM2: 0.004, cd: 0.6, heightM: 1.2 };
/** The stairwell's opening from one landing to the next: the flights and the well between them. */
const STAIR_OPENING: Opening = { kind: 'orifice', openAreaM2: 4, shutAreaM2: 4, cd: 0.6, heightM: 0 };
const RISER_OPENING: Opening = { kind: 'orifice', openAreaM2: RISER_M2, shutAreaM2: RISER_M2, cd: 0.6, heightM: 0 };
const RISER_PANEL: Opening = { kind: 'orifice', openAreaM2: 0.3, shutAreaM2: 0.005, cd: 0.6, heightM: 0.6 };

export const flatNumber = (unit: number, floor: number, door: number) => `${unit}-${floor}${String(door).padStart(2, '0')}`;

export const KITCHEN_M3 = 20;

/** `kitchenOf`: the flat ("1-301") whose kitchen is a zone of its own. */
export function buildingZones(b: Pick<BuildingDef, 'id' | 'footprint' | 'floors' | 'floorHeight' | 'units'>, o: { doorsPerFloor?: number; kitchenOf?: string } = {}): BuildingZones {
  const doorsPerFloor = o.doorsPerFloor ?? 2;
  const h = b.floorHeight;
  const perUnit = Math.abs(signedArea(b.footprint)) / b.units;
  const stairM2 = Math.min(STAIR_M2, perUnit / 4);
  const flatM2 = Math.max(10, (perUnit - stairM2 - RISER_M2) / doorsPerFloor);
  const zones: Zone[] = [], paths: Path[] = [];
  const out: BuildingZones = { net: { zones, paths }, zones: [], paths: [] };
  const zone = (id: string, m2: number, floor: number, info: BuildingZones['zones'][number]) => {
    zones.push({ id: `${b.id}/${id}`, volumeM3: m2 * h, floorZ: (floor - 1) * h, heightM: h });
    out.zones.push(info);
    return zones.length - 1;
  };
  const path = (id: string, from: number, to: number, z: number, opening: Opening, info: BuildingZones['paths'][number], windCp?: number) => {
    paths.push({ id: `${b.id}/${id}`, from, to, z, opening, ...(windCp === undefined ? {} : { windCp }) });
    out.paths.push(info);
  };
  for (let u = 1; u <= b.units; u++) {
    let landingBelow = -1, riserBelow = -1;
    for (let f = 1; f <= b.floors; f++) {
      const base = (f - 1) * h;
      const at = { unit: u, floor: f, flat: null };
      const landing = zone(`u${u}/f${f}/landing`, stairM2, f, { kind: 'landing', ...at });
      const riser = zone(`u${u}/f${f}/riser`, RISER_M2, f, { kind: 'riser', ...at });
      for (let d = 1; d <= doorsPerFloor; d++) {
        const flat = flatNumber(u, f, d);
        const kitchen = o.kitchenOf === flat;
        const z = zone(`flat/${flat}`, flatM2 - (kitchen ? KITCHEN_M3 / h : 0), f, { kind: 'flat', unit: u, floor: f, flat });
        path(`flat/${flat}/door`, z, landing, base + 1, FLAT_DOOR, { kind: 'flat_door', unit: u, floor: f, flat });
        // Flats face the two façades in turn: one windward, the next leeward.
        const facade = d % 2 ? 0.6 : -0.3;
        path(`flat/${flat}/window`, z, OUTDOORS, base + 1.6, FLAT_WINDOW, { kind: 'flat_window', unit: u, floor: f, flat }, facade);
        if (kitchen) {
          const k = zone(`flat/${flat}/kitchen`, KITCHEN_M3 / h, f, { kind: 'kitchen', unit: u, floor: f, flat });
          path(`flat/${flat}/kitchen-door`, k, z, base + 1, KITCHEN_DOOR, { kind: 'kitchen_door', unit: u, floor: f, flat });
          path(`flat/${flat}/kitchen-window`, k, OUTDOORS, base + 1.6, KITCHEN_WINDOW, { kind: 'kitchen_window', unit: u, floor: f, flat }, facade);
        }
      }
      path(`u${u}/f${f}/stair-window`, landing, OUTDOORS, base + h / 2 + 0.6, STAIR_WINDOW, { kind: 'stair_window', ...at }, -0.3);
      path(`u${u}/f${f}/riser-panel`, riser, landing, base + 1.2, RISER_PANEL, { kind: 'riser_panel', ...at });
      if (f === 1) path(`u${u}/entrance`, landing, OUTDOORS, 1, ENTRANCE, { kind: 'entrance', ...at }, 0.6);
      else {
        path(`u${u}/f${f}/stair`, landingBelow, landing, base, STAIR_OPENING, { kind: 'stair', ...at });
        path(`u${u}/f${f}/riser`, riserBelow, riser, base, RISER_OPENING, { kind: 'riser', ...at });
      }
      landingBelow = landing;
      riserBelow = riser;
    }
  }
  return out;
}

/** The zone a device of the building reads: its household's kitchen when it is in one and that is a zone, else its
 * flat (by the household's unit-floor-door number),
 * else the landing of its floor (the device's `floor`, or its height) in the stair unit along the building's
 * long side where it stands. -1 when the building has no such zone. */
export function zoneOfDevice(bz: BuildingZones, b: Pick<BuildingDef, 'x' | 'y' | 'width' | 'depth' | 'floors' | 'floorHeight' | 'units'>, device: { floor: number | null; room: string | null; position: { x: number; y: number; z: number } }, householdUnit?: string): number {
  if (householdUnit) {
    const kitchen = /kitchen|厨房/i.test(device.room ?? '') ? bz.zones.findIndex((z) => z.kind === 'kitchen' && z.flat === householdUnit) : -1;
    if (kitchen >= 0) return kitchen;
    const flat = bz.zones.findIndex((z) => z.kind === 'flat' && z.flat === householdUnit);
    if (flat >= 0) return flat;
  }
  const floor = Math.min(b.floors, Math.max(1, device.floor ?? Math.floor(device.position.z / b.floorHeight) + 1));
  // A device whose room names a corridor or a basement reads that zone of its floor, where the building has one.
  const named = /corridor|走廊|过道/i.test(device.room ?? '') ? 'corridor' : /basement|地下/i.test(device.room ?? '') ? 'basement' : null;
  const room = named ? bz.zones.findIndex((z) => z.kind === named && z.floor === (device.floor ?? floor)) : -1;
  if (room >= 0) return room;
  // Along the long side of the building's bounding box (the schema's x, y, width, depth).
  const along = b.width >= b.depth ? (device.position.x - (b.x - b.width / 2)) / b.width : (device.position.y - (b.y - b.depth / 2)) / b.depth;
  const unit = Math.min(b.units, Math.max(1, Math.floor(along * b.units) + 1));
  return bz.zones.findIndex((z) => z.kind === 'landing' && z.unit === unit && z.floor === floor);
}

/** The building's own air network, as its file gives it (the district's `air`): zones by id, paths between them. */
export function zonesFromFile(b: Pick<BuildingDef, 'id' | 'floorHeight'> & { air: NonNullable<BuildingDef['air']> }): BuildingZones {
  const index = new Map(b.air.zones.map((z, i) => [z.id, i]));
  const zones: Zone[] = b.air.zones.map((z) => ({ id: `${b.id}/${z.id}`, volumeM3: z.volumeM3, floorZ: z.floorZ ?? (z.floor > 0 ? z.floor - 1 : z.floor) * b.floorHeight, heightM: b.floorHeight }));
  const paths: Path[] = b.air.paths.map((p) => ({
    id: `${b.id}/${p.id}`, from: index.get(p.from)!, to: p.to === 'outdoors' ? OUTDOORS : index.get(p.to)!, z: p.z,
    opening: { kind: 'orifice', openAreaM2: p.openAreaM2, shutAreaM2: p.shutAreaM2 ?? p.openAreaM2, cd: p.cd, heightM: p.heightM },
    ...(p.windCp === undefined ? {} : { windCp: p.windCp }),
  }));
  return {
    net: { zones, paths },
    zones: b.air.zones.map((z) => ({ kind: z.kind, unit: z.unit, floor: z.floor, flat: z.flat })),
    paths: b.air.paths.map((p) => ({ kind: p.kind, unit: b.air.zones[index.get(p.from)!]!.unit, floor: b.air.zones[index.get(p.from)!]!.floor, flat: p.flat })),
  };
}
