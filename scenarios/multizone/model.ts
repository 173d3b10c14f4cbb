// A building's air in motion: each step solves the airflow for the zones' temperatures and gas loads (airflow.ts),
// then carries the species and the heat along those flows (transport.ts). The state is plain data (pressures,
// temperatures, mass fractions), so a drill's snapshot and its replay hold it as they hold any hazard's; the same
// state, inputs and step give the same result. What a detector in a zone reads comes from `zoneReadings`.
import { linksOf, setOpenings, solveAirflow, type Links } from './airflow';
import { checkNetwork, CP_AIR, kelvin, mixDensity, type Network, type Species, type Weather } from './network';
import { stepScalar } from './transport';

export interface MultizoneState {
  /** Zone pressures at their floors, Pa (relative to the outdoors at the ground). */
  p: number[];
  tK: number[];
  /** The temperature each zone's walls hold its air towards: where it started. */
  wallK: number[];
  /** Mass fraction of each species (outer index, as the model's species) in each zone. */
  w: number[][];
  /** Mass of each species that has gone outdoors, kg. */
  vented: number[];
}

export interface MultizoneInputs {
  weather: Weather;
  /** Each path's opening, 0 (shut) … 1 (wide open); leaks ignore it. */
  open: ArrayLike<number>;
  /** Species released: kg/s into a zone. */
  releases?: { species: number; zone: number; kgS: number }[];
  /** Heat released into a zone's air, W (a fire's convective part). */
  heat?: { zone: number; watts: number }[];
}

/** A zone's wall, floor and ceiling area: a cube's, m². */
const surfaceM2 = (volumeM3: number) => 6 * volumeM3 ** (2 / 3);
const SIGMA = 5.670374e-8;
/** Heat a zone's air gives its surfaces per kelvin, W/(m²·K): convection (about 10) and, once hot, the gas's
 * radiation (emissivity 0.8), linearised about the zone's temperature — what holds a fire room near the few
 * hundred degrees seen in compartment fires rather than letting it climb without bound. */
const wallCoefficient = (tK: number, wallK: number) => 10 + 0.8 * SIGMA * (tK * tK + wallK * wallK) * (tK + wallK);

export class MultizoneModel {
  readonly links: Links;
  private readonly flows: Float64Array;
  private readonly floorZ: Float64Array;
  private readonly surface: Float64Array;

  constructor(readonly net: Network, readonly species: readonly Species[]) {
    const wrong = checkNetwork(net);
    if (wrong.length) throw new Error(`the building's air cannot be solved: ${wrong.slice(0, 3).join('; ')}${wrong.length > 3 ? ` and ${wrong.length - 3} more` : ''}`);
    this.links = linksOf(net);
    this.flows = new Float64Array(this.links.count);
    this.floorZ = Float64Array.from(net.zones, (z) => z.floorZ);
    this.surface = Float64Array.from(net.zones, (z) => surfaceM2(z.volumeM3));
  }

  /** Still air at one temperature, nothing released. */
  initial(indoorC: number): MultizoneState {
    const n = this.net.zones.length;
    return { p: new Array<number>(n).fill(0), tK: new Array<number>(n).fill(kelvin(indoorC)), wallK: new Array<number>(n).fill(kelvin(indoorC)), w: this.species.map(() => new Array<number>(n).fill(0)), vented: this.species.map(() => 0) };
  }

  density(s: MultizoneState, zone: number): number {
    return mixDensity(s.tK[zone]!, this.species, this.species.map((_, k) => s.w[k]![zone]!));
  }

  /** The last step's mass flow of each path, kg/s (positive from `from` to `to`; a two-way opening's net). */
  pathFlows(): Float64Array {
    const out = new Float64Array(this.net.paths.length);
    for (let k = 0; k < this.links.count; k++) out[this.links.path[k]!] = out[this.links.path[k]!]! + this.flows[k]!;
    return out;
  }

  step(s: MultizoneState, inputs: MultizoneInputs, dtS: number): MultizoneState {
    const n = this.net.zones.length;
    const rho = new Float64Array(n);
    for (let i = 0; i < n; i++) rho[i] = this.density(s, i);
    setOpenings(this.net, this.links, inputs.open);
    const p = Float64Array.from(s.p);
    const outdoorRho = mixDensity(inputs.weather.outdoorK, [], []);
    solveAirflow(this.links, p, this.flows, { rho, floorZ: this.floorZ, weather: inputs.weather, outdoorRho });
    const mass = Float64Array.from(this.net.zones, (z, i) => rho[i]! * z.volumeM3);

    const heat = new Float64Array(n);
    for (const h of inputs.heat ?? []) heat[h.zone] = heat[h.zone]! + h.watts / CP_AIR;
    const tK = Float64Array.from(s.tK);
    const wallK = s.wallK;
    const loss = Float64Array.from(this.surface, (a, i) => (a * wallCoefficient(s.tK[i]!, wallK[i]!)) / CP_AIR);
    stepScalar(this.links, this.flows, tK, dtS, { mass, outdoor: inputs.weather.outdoorK, source: heat, loss, lossRef: wallK });

    // The airflow is quasi-steady (no air is stored as a zone warms or cools, as in CONTAM), so a zone keeps the
    // species mass it holds when its air's density changes: its mass fraction follows the density.
    const rescale = Float64Array.from(this.net.zones, (_, i) => rho[i]! / mixDensity(tK[i]!, this.species, this.species.map((__, k) => s.w[k]![i]!)));
    const vented = s.vented.slice();
    const w = this.species.map((_, k) => {
      const c = Float64Array.from(s.w[k]!);
      const source = new Float64Array(n);
      for (const r of inputs.releases ?? []) if (r.species === k) source[r.zone] = source[r.zone]! + r.kgS;
      // A species' mass fraction: its kg per kg of the zone's air, so the zone holds mass·c of it.
      vented[k] = vented[k]! + stepScalar(this.links, this.flows, c, dtS, { mass, outdoor: 0, source });
      return Array.from(c, (v, i) => v * rescale[i]!);
    });
    return { p: Array.from(p), tK: Array.from(tK), wallK, w, vented };
  }

  /** Total mass of a species in the zones, kg. */
  held(s: MultizoneState, k: number): number {
    let total = 0;
    for (let i = 0; i < this.net.zones.length; i++) total += s.w[k]![i]! * this.density(s, i) * this.net.zones[i]!.volumeM3;
    return total;
  }
}
