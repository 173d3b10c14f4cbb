// A building as NIST's CONTAM models it (CONTAM User Guide, NIST TN 1887r1, "Theoretical background"): well-mixed
// zones (flats, rooms, stair landings, shafts, underground levels) joined by flow paths (doors, windows, cracks,
// shaft openings) to each other and to the outdoors. A zone's pressure is given at its floor; within a zone and
// outdoors pressure falls hydrostatically with height, so each path sees the difference of the two sides' pressures
// at its own height (the stack effect), plus the wind's pressure on a façade. Pure data and the air's properties.

export const G = 9.80665;
export const P_ATM = 101_325;
/** Universal gas constant, J/(mol·K); air's molar mass, kg/mol. */
export const R_U = 8.314462618, M_AIR = 0.028965;
export const CP_AIR = 1005;
export const kelvin = (c: number) => c + 273.15;
/** Dry air's density at the standard atmosphere, kg/m³. */
export const airDensity = (tK: number) => (P_ATM * M_AIR) / (R_U * tK);

/** The outdoors, as the far side of a path. */
export const OUTDOORS = -1;

export interface Zone {
  id: string;
  volumeM3: number;
  /** Elevation of the zone's floor above the ground, m (negative underground): its pressure is given there. */
  floorZ: number;
  heightM: number;
}

/** An opening's flow: an orifice (doors, windows, shaft openings; Cd·A, two-way when tall) or a power-law leak
 * (cracks: m³/s = C·Δpⁿ). An openable one has its shut area (the gaps round a shut door) and its open area. */
export type Opening =
  | { kind: 'orifice'; openAreaM2: number; shutAreaM2: number; cd: number; heightM: number }
  | { kind: 'leak'; c: number; n: number };

export interface Path {
  id: string;
  from: number;
  /** A zone's index, or OUTDOORS. */
  to: number;
  /** Elevation of the path's middle above the ground, m. */
  z: number;
  opening: Opening;
  /** On an outside wall: the façade's wind pressure coefficient (windward about +0.6, leeward −0.3). */
  windCp?: number;
}

export interface Network { zones: Zone[]; paths: Path[] }

export interface Weather {
  outdoorK: number;
  /** Wind speed at the building's height, m/s. */
  windMs: number;
}

/** A contaminant carried by the air. Non-trace ones (a fuel gas) change the zone air's density, so a light gas
 * rises and a heavy one sinks through the network; trace ones (soot, carbon monoxide) do not. */
export interface Species {
  id: string; molarMass: number; trace: boolean;
  /** A fuel gas's lower explosive limit, by volume. */
  lel?: number;
}

export const METHANE: Species = { id: 'methane', molarMass: 0.01604, trace: false, lel: 0.05 };
/** Bottled LPG, as propane (LEL 2.1 %). */
export const PROPANE: Species = { id: 'lpg', molarMass: 0.0441, trace: false, lel: 0.021 };
export const SOOT: Species = { id: 'soot', molarMass: 0.012, trace: true };
export const CO: Species = { id: 'co', molarMass: 0.02801, trace: true };

/** Density of a zone's air at temperature tK with these mass fractions of the non-trace species (an ideal mix). */
export function mixDensity(tK: number, species: readonly Species[], w: readonly number[]): number {
  let perMol = 0, rest = 1;
  for (let k = 0; k < species.length; k++) {
    if (species[k]!.trace) continue;
    perMol += w[k]! / species[k]!.molarMass;
    rest -= w[k]!;
  }
  perMol += Math.max(0, rest) / M_AIR;
  return P_ATM / (R_U * tK * perMol);
}

/** Checks a network: every path's zones exist, and every zone reaches the outdoors (else its pressure is undefined). */
export function checkNetwork(net: Network): string[] {
  const errors: string[] = [];
  const n = net.zones.length;
  const adj: number[][] = net.zones.map(() => []);
  const outside = new Set<number>();
  for (const p of net.paths) {
    for (const end of [p.from, p.to]) if (end !== OUTDOORS && (end < 0 || end >= n)) errors.push(`path ${p.id}: no zone ${end}`);
    if (p.from === p.to) errors.push(`path ${p.id} joins zone ${p.from} to itself`);
    if (p.to === OUTDOORS) outside.add(p.from);
    else if (p.from === OUTDOORS) outside.add(p.to);
    else { adj[p.from]?.push(p.to); adj[p.to]?.push(p.from); }
  }
  const seen = new Set(outside);
  const queue = [...outside];
  while (queue.length) for (const j of adj[queue.pop()!] ?? []) if (!seen.has(j)) { seen.add(j); queue.push(j); }
  for (let i = 0; i < n; i++) if (!seen.has(i)) errors.push(`zone ${net.zones[i]!.id} has no way to the outdoors`);
  return errors;
}
