// Gas in a room, well mixed: dC/dt = q/V − n·C (q leak m³/h, V room m³, n air changes per hour).
// With constant q, V, n the concentration approaches q/(V·n) as 1 − e^(−n·t); windows raise n, a shut
// valve sets q to 0. %LEL for natural gas (methane): LEL = 5 % by volume.
export const METHANE_LEL_FRACTION = 0.05;

export interface GasRoomParams { leakM3PerH: number; roomM3: number; airChangesPerH: number; windowsOpenAirChangesPerH: number }
export interface GasRoomState { fraction: number; valveShut: boolean; windowsOpen: boolean }

export const initialGasRoom = (): GasRoomState => ({ fraction: 0, valveShut: false, windowsOpen: false });

/** Exact step for the ODE over dtS seconds (exact because the parameters are constant within the step). */
export function stepGasRoom(p: GasRoomParams, s: GasRoomState, dtS: number): GasRoomState {
  const q = s.valveShut ? 0 : p.leakM3PerH;
  const n = s.windowsOpen ? p.windowsOpenAirChangesPerH : p.airChangesPerH;
  const steady = q / (p.roomM3 * n);
  const fraction = steady + (s.fraction - steady) * Math.exp((-n * dtS) / 3600);
  return { ...s, fraction };
}

export const percentLel = (s: GasRoomState) => Math.min(100, Math.max(0, (s.fraction / METHANE_LEL_FRACTION) * 100));
/** Ignition needs gas above its LEL and a spark (a light switch, a flame). */
export const ignites = (s: GasRoomState, spark: boolean) => spark && s.fraction >= METHANE_LEL_FRACTION;
