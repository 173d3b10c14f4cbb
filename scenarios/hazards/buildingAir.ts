// What the building hazards share (buildingFire.ts, buildingGas.ts): the building of the entry's first device as a
// multizone network — the one its district file gives (`air`), else one built from its floors and stair units
// (multizone/buildingZones.ts, with that flat's kitchen as a zone of its own) — each device's zone, the paths the
// actions and the initial conditions open and shut, and the weather outside.
import { buildingZones, zoneOfDevice, zonesFromFile, type BuildingZones } from '../multizone/buildingZones';
import { MultizoneModel, type MultizoneInputs, type MultizoneState } from '../multizone/model';
import { kelvin, type Species } from '../multizone/network';
import { zoneAir, type ZoneAir } from '../multizone/readings';
import { airDigits } from '../hazardView';
import type { Text } from '../../twin-assets/labels';
import type { HazardSetting, OpeningKind, Vec3 } from './define';

export interface BuildingAir {
  bz: BuildingZones; model: MultizoneModel; first: Vec3;
  /** The building, and its name for what people say of it. */
  buildingId: string; building: Text;
  /** The zones are the district file's own: the scene cannot lay them out, so the view leaves them out. */
  fromFile: boolean;
  /** The zone the hazard starts in: the first device's (a kitchen detector's kitchen, else its flat). */
  source: number;
  /** The flat zone of the source, and the zone each device reads. */
  flat: number; zoneOf: Map<string, number>;
  /** Paths of the source's flat: its entrance door, its windows (kitchen's too); its stair unit's windows. */
  door: number; windows: number[]; stairWindows: number[];
  outdoorK: number; windMs: number;
}

/** The state the building hazards keep of the air: plain data, as a drill's snapshot needs. */
export interface AirState { air: MultizoneState; open: number[] }

export function prepareBuildingAir(hazardId: string, deviceIds: readonly string[], { index, first, weather }: HazardSetting, species: readonly Species[]): BuildingAir {
  const device = index.devices.get(deviceIds[0]!);
  const building = device?.buildingId ? index.buildings.get(device.buildingId) : undefined;
  const household = device?.householdId ? index.households.get(device.householdId) : undefined;
  if (!device || !building || !household || household.buildingId !== building.id) throw new Error(`${hazardId}: its first device must be in a home of a building`);
  const bz = building.air ? zonesFromFile({ ...building, air: building.air }) : buildingZones(building, { kitchenOf: household.unit });
  const zoneOf = new Map<string, number>();
  for (const id of deviceIds) {
    const d = index.devices.get(id);
    if (d && d.buildingId === building.id) zoneOf.set(id, zoneOfDevice(bz, building, d, d.householdId ? index.households.get(d.householdId)?.unit : undefined));
  }
  const source = zoneOf.get(device.id)!;
  if (bz.zones[source]?.flat !== household.unit) throw new Error(`${hazardId}: ${building.name.en}'s air zones have no flat "${household.unit}" for its first device's home`);
  const flatNo = household.unit, unit = bz.zones[source]!.unit;
  const pathsOf = (kinds: string[]) => bz.paths.flatMap((p, i) => (kinds.includes(p.kind) && p.flat === flatNo ? [i] : []));
  return {
    bz, model: new MultizoneModel(bz.net, species), first, source, zoneOf, buildingId: building.id, building: building.name, fromFile: !!building.air,
    flat: bz.zones.findIndex((z) => z.kind === 'flat' && z.flat === flatNo),
    door: pathsOf(['flat_door'])[0]!, windows: pathsOf(['flat_window', 'kitchen_window']),
    stairWindows: bz.paths.flatMap((p, i) => (p.kind === 'stair_window' && p.unit === unit ? [i] : [])),
    outdoorK: kelvin(weather.tempC), windMs: weather.windMps,
  };
}

/** The air at the start: still, at the indoor temperature; inner doors open, the rest as `open` says. */
export function initialAir(env: BuildingAir, indoorC: number, open: { paths: number[]; f: number }[]): AirState {
  const start = env.bz.paths.map((p): number => (p.kind === 'kitchen_door' ? 1 : 0));
  for (const o of open) for (const p of o.paths) start[p] = o.f;
  return { air: env.model.initial(indoorC), open: start };
}

/** The paths an inject's opening names. */
export const openingPaths = (env: BuildingAir, what: OpeningKind): number[] => (what === 'flat_door' ? [env.door] : what === 'flat_windows' ? env.windows : env.stairWindows);

/** These paths set to `f` (0 shut … 1 open). */
export function setOpen<S extends AirState>(s: S, paths: readonly number[], f: number): S {
  const open = s.open.slice();
  for (const p of paths) open[p] = f;
  return { ...s, open };
}

export function stepAir<S extends AirState>(env: BuildingAir, s: S, dtS: number, sources: Pick<MultizoneInputs, 'releases' | 'heat'>): S {
  return { ...s, air: env.model.step(s.air, { weather: { outdoorK: env.outdoorK, windMs: env.windMs }, open: s.open, ...sources }, dtS) };
}

/** The view's per-zone air: each zone's level by `level` (0–1), as the scene draws it, in the order of the
 * building's zones without a kitchen (buildingZones(building)): the scene lays them out from the district alone,
 * and the source's own room is the view's main drawing. */
export function airView(env: BuildingAir, s: AirState, level: (air: ZoneAir) => number): { buildingId: string; air: string } {
  if (env.fromFile) return { buildingId: env.buildingId, air: '' };
  return { buildingId: env.buildingId, air: airDigits(env.bz.zones.flatMap((z, i) => (z.kind === 'kitchen' ? [] : [level(zoneAir(env.model, s.air, i))]))) };
}
