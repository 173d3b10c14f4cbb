// Gas in a room, well mixed: dC/dt = q/V − n·C (q leak m³/h, V room m³, n air changes per hour).
// With constant q, V, n the concentration approaches q/(V·n) as 1 − e^(−n·t); windows raise n, a shut
// valve sets q to 0. %LEL for natural gas (methane): LEL = 5 % by volume.
import { z } from 'zod';
import { ROOM_PARAM_TEXT } from '../../twin-assets/labels';
import { round2 } from '../hazardView';
import { METHANE } from '../multizone/network';
import { defineHazard } from './define';

export const METHANE_LEL_FRACTION = METHANE.lel!;

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


export const gasRoom = defineHazard({
  model: 'gas_room',
  names: { zh: '厨房燃气泄漏', en: 'Kitchen gas leak' },
  params: z.object({
    leakM3PerH: z.number().positive().max(100),
    roomM3: z.number().positive().max(10_000),
    airChangesPerH: z.number().positive().max(60),
    windowsOpenAirChangesPerH: z.number().positive().max(120),
  }),
  paramText: {
    leakM3PerH: ['m³/h', '泄漏量', 'Leak rate'], roomM3: ROOM_PARAM_TEXT.roomM3,
    airChangesPerH: ROOM_PARAM_TEXT.airChangesPerH, windowsOpenAirChangesPerH: [ROOM_PARAM_TEXT.airChangesPerH[0], '开窗后换气次数', 'Air changes, windows open'],
  },
  devices: { note: 'The devices that sense this room (gas detectors in it).' },
  sensedBy: ['gas'],
  editor: {
    placedOn: 'home',
    params: () => ({ leakM3PerH: 0.6, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 }),
    resolve: (hazard) => ({ hazard, belowPercentLel: 5 }),
  },
  makesSafe: 'shut_valve',
  drawing: 'room_air',
  prepare: (_def, { first }) => ({ first }),
  init: () => initialGasRoom(),
  step: (s, { def }, _tS, dtS) => stepGasRoom(def.params, s, dtS),
  read: (s) => ({ gas_lel: round2(percentLel(s)) }),
  on: { shut_valve: (s) => ({ ...s, valveShut: true }), open_windows: (s) => ({ ...s, windowsOpen: true }) },
  safe: (s) => s.valveShut,
  ignites: (s) => ignites(s, true),
  measure: (s) => percentLel(s),
  view: (s, { def, env }) => ({ at: env.first, level: percentLel(s) / 100, value: round2(percentLel(s)), unit: '%LEL', sizeM: round2(Math.cbrt(def.params.roomM3)), safe: s.valveShut }),
});
