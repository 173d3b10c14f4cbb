// When a fire's smoke or a leak's gas reaches each landing and the riser of a stair unit, from the building's
// multizone model (scenarios/multizone): what the smoke and gas tables use for their landing and riser candidates,
// instead of a guess at what leaks under a door. One stair unit is enough (units meet only through the outdoors),
// the flat's door and windows shut, a still winter evening (indoor 20 °C, outdoor 5 °C). Runs are remembered by
// the unit's shape, the floor and the source, so a street of look-alike blocks costs a few hundred runs.
import type { BuildingDef } from '../../twin-assets/districtSchema';
import { signedArea } from '../../twin-assets/geo';
import { HEAT_OF_COMBUSTION_KJ_PER_G, SMOKE_YIELD } from '../../scenarios/hazards/kitchenFire';
import { buildingZones, flatNumber } from '../../scenarios/multizone/buildingZones';
import { MultizoneModel } from '../../scenarios/multizone/model';
import { kelvin, METHANE, P_ATM, R_U, SOOT } from '../../scenarios/multizone/network';
import { zoneAir } from '../../scenarios/multizone/readings';

/** A fire in a flat of the floor, or a gas leak in its kitchen or in the riser on that floor. */
export type AirSource = { kind: 'fire'; alphaKwPerS2: number; peakKw: number } | { kind: 'gas'; leakM3PerH: number; at?: 'kitchen' | 'riser' };
/** Seconds until each floor's landing (index floor − 1), and the riser beside it, reads the alarm; null if never. */
export interface Exposure { landing: (number | null)[]; riser: (number | null)[] }

const INDOOR_C = 20, OUTDOOR_C = 5, CONVECTIVE = 0.7;
/** Steps of 30 s: the implicit step holds at any length, and the table's times are minutes. */
const STEP_S = 30;
interface Series { times: number[]; landing: Float64Array[]; riser: Float64Array[] }
const memo = new Map<string, Series>();

/** `alarmAt`: the reading that raises an alarm (%/m of obscuration for a fire, %LEL for gas). `scale`: a gas leak's
 * readings are in proportion to its rate at these concentrations, far below where the gas's density matters, so a
 * leak of another size is the same run scaled. */
export function airExposure(b: Pick<BuildingDef, 'footprint' | 'floors' | 'floorHeight' | 'units'>, floor: number, doorsPerFloor: number, source: AirSource, alarmAt: number, horizonS: number, scale = 1): Exposure {
  const run = series(b, floor, doorsPerFloor, source, horizonS);
  const first = (values: Float64Array) => { const k = values.findIndex((v) => v * scale >= alarmAt); return k < 0 ? null : run.times[k]!; };
  return { landing: run.landing.map(first), riser: run.riser.map(first) };
}

function series(b: Pick<BuildingDef, 'footprint' | 'floors' | 'floorHeight' | 'units'>, floor: number, doorsPerFloor: number, source: AirSource, horizonS: number): Series {
  const unitM2 = Math.abs(signedArea(b.footprint)) / b.units;
  const key = JSON.stringify([Math.round(unitM2), b.floors, b.floorHeight, floor, doorsPerFloor, source, horizonS]);
  const known = memo.get(key);
  if (known) return known;
  const side = Math.sqrt(unitM2);
  const flat = flatNumber(1, floor, 1);
  const bz = buildingZones({ id: 'unit', footprint: [{ x: 0, y: 0 }, { x: side, y: 0 }, { x: side, y: side }, { x: 0, y: side }], floors: b.floors, floorHeight: b.floorHeight, units: 1 }, { doorsPerFloor, kitchenOf: flat });
  const model = new MultizoneModel(bz.net, [source.kind === 'fire' ? SOOT : METHANE]);
  const at = source.kind === 'gas' && source.at === 'riser'
    ? bz.zones.findIndex((z) => z.kind === 'riser' && z.floor === floor)
    : bz.zones.findIndex((z) => z.kind === (source.kind === 'fire' ? 'flat' : 'kitchen') && z.flat === flat);
  const open = bz.paths.map((p) => (p.kind === 'kitchen_door' ? 1 : 0));
  const zonesOf = (kind: string) => Array.from({ length: b.floors }, (_, f) => bz.zones.findIndex((z) => z.kind === kind && z.floor === f + 1));
  const landings = zonesOf('landing'), risers = zonesOf('riser');
  const step = STEP_S, steps = Math.floor(horizonS / step);
  const out: Series = { times: [], landing: landings.map(() => new Float64Array(steps)), riser: risers.map(() => new Float64Array(steps)) };
  const gasKgS = source.kind === 'gas' ? (source.leakM3PerH / 3600) * ((P_ATM * METHANE.molarMass) / (R_U * kelvin(INDOOR_C))) : 0;
  let s = model.initial(INDOOR_C);
  for (let k = 0; k < steps; k++) {
    const t = (k + 1) * step;
    const kw = source.kind === 'fire' ? Math.min(source.peakKw, source.alphaKwPerS2 * t * t) : 0;
    s = model.step(s, {
      weather: { outdoorK: kelvin(OUTDOOR_C), windMs: 0 }, open,
      releases: [{ species: 0, zone: at, kgS: source.kind === 'fire' ? ((kw / HEAT_OF_COMBUSTION_KJ_PER_G) * SMOKE_YIELD) / 1000 : gasKgS }],
      heat: source.kind === 'fire' ? [{ zone: at, watts: CONVECTIVE * kw * 1000 }] : [],
    }, step);
    out.times.push(t);
    const reads = (i: number) => { const a = zoneAir(model, s, i); return source.kind === 'fire' ? a.smoke_obscuration_pct_m : a.gas_lel; };
    landings.forEach((i, f) => { out.landing[f]![k] = reads(i); });
    risers.forEach((i, f) => { out.riser[f]![k] = reads(i); });
  }
  memo.set(key, out);
  return out;
}
