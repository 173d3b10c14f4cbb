// A gas leak in a flat's kitchen whose gas goes where the building's air takes it (multizone/): through the open
// kitchen door into the flat, under the flat's door to the landing, up the stairwell and into the riser. Natural
// gas (methane) is lighter than air and rises through the stairwell's openings; bottled LPG (propane) is heavier and
// pools low. Each gas detector reads its own zone (%LEL of that gas); a spark ignites the gas where it is above its
// LEL. Shutting the valve stops the leak; opening the flat's windows and the stair windows lets the gas out.
import { z } from 'zod';
import { METHANE, P_ATM, PROPANE, R_U } from '../multizone/network';
import { zoneAir } from '../multizone/readings';
import { round2 } from '../hazardView';
import { airView, initialAir, openingPaths, prepareBuildingAir, setOpen, stepAir, type AirState } from './buildingAir';
import { defineHazard, type Readings } from './define';

export interface BuildingGasState extends AirState { valveShut: boolean; maxLel: number }
const FUELS = { natural_gas: METHANE, lpg: PROPANE } as const;

export const buildingGas = defineHazard({
  model: 'building_gas',
  names: { zh: '住宅楼燃气泄漏（扩散）', en: 'Gas leak in a block of flats (spread)' },
  params: z.object({
    leakM3PerH: z.number().positive().max(100),
    indoorC: z.number().min(-40).max(50).default(20),
    /** How far the flat's door stands open at the start, 0 (shut) … 1 (wide open). */
    doorOpen: z.number().min(0).max(1).default(0),
    stairWindowsOpen: z.number().min(0).max(1).default(0),
  }),
  paramText: {
    leakM3PerH: ['m³/h', '燃气泄漏速率', 'Gas leak rate'], indoorC: ['°C', '室内温度', 'Room temperature (indoor)'],
    doorOpen: ['0–1', '入户门开启程度', 'Entrance door open'], stairWindowsOpen: ['0–1', '楼道窗户开启程度', 'Stairwell windows open'],
  },
  /** Piped natural gas (methane), or bottled LPG (propane). */
  extra: { fuel: z.enum(['natural_gas', 'lpg']).default('natural_gas') },
  devices: { note: 'The kitchen\'s gas detector first, then any other gas detectors of the building (landings, other flats).' },
  sensedBy: ['gas'],
  editor: {
    placedOn: 'home',
    params: () => ({ leakM3PerH: 0.6, indoorC: 20, doorOpen: 0, stairWindowsOpen: 0 }),
    resolve: (hazard) => ({ hazard, belowPercentLel: 5 }),
  },
  makesSafe: 'shut_valve',
  drawing: 'room_air',
  prepare: (def, setting) => prepareBuildingAir(def.id, def.deviceIds, setting, [FUELS[def.fuel]]),
  init: ({ def, env }): BuildingGasState => ({
    valveShut: false, maxLel: 0,
    ...initialAir(env, def.params.indoorC, [{ paths: [env.door], f: def.params.doorOpen }, { paths: env.stairWindows, f: def.params.stairWindowsOpen }]),
  }),
  step: (s, { def, env }, _tS, dtS) => {
    const gas = FUELS[def.fuel];
    const kgS = s.valveShut ? 0 : (def.params.leakM3PerH / 3600) * ((P_ATM * gas.molarMass) / (R_U * (def.params.indoorC + 273.15)));
    const next = stepAir(env, s, dtS, { releases: [{ species: 0, zone: env.source, kgS }] });
    let maxLel = 0;
    for (let i = 0; i < env.bz.net.zones.length; i++) maxLel = Math.max(maxLel, zoneAir(env.model, next.air, i).gas_lel);
    return { ...next, maxLel };
  },
  read: (s, { env }, deviceId): Readings => {
    const zone = env.zoneOf.get(deviceId) ?? -1;
    return zone < 0 ? {} : { gas_lel: zoneAir(env.model, s.air, zone).gas_lel };
  },
  on: {
    shut_valve: (s) => ({ ...s, valveShut: true }),
    open_windows: (s, _tS, { env }) => setOpen(s, env.windows, 1),
    open_stair_windows: (s, _tS, { env }) => setOpen(s, env.stairWindows, 1),
  },
  opening: (s, what, f, { env }) => setOpen(s, openingPaths(env, what), f),
  safe: (s) => s.valveShut,
  ignites: (s) => s.maxLel >= 100,
  measure: (s) => s.maxLel,
  view: (s, { env }) => {
    const lel = zoneAir(env.model, s.air, env.source).gas_lel;
    return { at: env.first, level: lel / 100, value: round2(lel), unit: '%LEL', sizeM: round2(Math.cbrt(env.bz.net.zones[env.source]!.volumeM3)), safe: s.valveShut, ...airView(env, s, (a) => a.gas_lel / 100) };
  },
});
