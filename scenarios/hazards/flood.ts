// A low-lying zone under a storm: rain falls at an intensity that rises to a peak and falls away
// (a triangular hyetograph); the zone's catchment drains into it, its drains and pumps take water
// away. Depth changes at (rain · runoff · catchment/zone − drainage) per hour, never below zero.
export interface FloodParams {
  peakRainMmPerH: number; stormS: number; peakAtS: number;
  /** Catchment area draining into the zone, as a multiple of the zone's own area, and its runoff coefficient. */
  catchmentRatio: number; runoff: number;
  drainageMmPerH: number; pumpMmPerH: number;
}
export interface FloodState { depthM: number; pumping: boolean; peakDepthM: number }

export const initialFlood = (): FloodState => ({ depthM: 0, pumping: false, peakDepthM: 0 });

export function rainAt(p: FloodParams, tS: number): number {
  if (tS <= 0 || tS >= p.stormS) return 0;
  return tS <= p.peakAtS ? (p.peakRainMmPerH * tS) / p.peakAtS : (p.peakRainMmPerH * (p.stormS - tS)) / (p.stormS - p.peakAtS);
}

export function stepFlood(p: FloodParams, s: FloodState, tS: number, dtS: number): FloodState {
  const inflow = rainAt(p, tS) * p.runoff * (1 + p.catchmentRatio);
  const outflow = p.drainageMmPerH + (s.pumping ? p.pumpMmPerH : 0);
  const depthM = Math.max(0, s.depthM + ((inflow - outflow) / 1000) * (dtS / 3600));
  return { ...s, depthM, peakDepthM: Math.max(s.peakDepthM, depthM) };
}

/** A manhole in the zone is under water once the depth tops its cover. */
export const manholeSubmerged = (s: FloodState) => s.depthM > 0.05;
