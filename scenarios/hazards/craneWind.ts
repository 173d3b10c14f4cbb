// A tower crane in rising wind (crane.ts: the monitor's readings): a lift too heavy for its radius drives the
// load moment past its limit while the wind makes the jib weathervane. Stopping the crane makes it safe.
import { z } from 'zod';
import { seconds } from '../fields';
import { craneReading } from './crane';
import { defineHazard } from './define';

export const craneWind = defineHazard({
  model: 'crane_wind',
  names: { zh: '大风中塔吊超载', en: 'Crane overload in wind' },
  params: z.object({
    windFromMps: z.number().min(0).max(60), windToMps: z.number().min(0).max(60), rampS: z.number().positive(),
    liftKg: z.number().min(0).max(100_000), liftAtS: seconds, radiusM: z.number().positive().max(100),
  }),
  paramText: {
    windFromMps: ['m/s', '起始风速', 'Wind at first'], windToMps: ['m/s', '最大风速', 'Wind at most'], rampS: ['s', '风速上升历时', 'Wind rises over'],
    liftKg: ['kg', '起吊重量', 'Lift'], liftAtS: ['s', '起吊时刻', 'Lift at'], radiusM: ['m', '起吊幅度', 'Lift radius'],
  },
  devices: { one: true, note: "The crane's safety monitor." },
  sensedBy: ['crane'],
  editor: {
    placedOn: 'crane',
    params: () => ({ windFromMps: 6, windToMps: 22, rampS: 900, liftKg: 2400, liftAtS: 300, radiusM: 40 }),
    resolve: (hazard) => ({ hazard, afterAction: ['stop_crane', 'cordon'] }),
  },
  makesSafe: 'stop_crane',
  drawing: 'mover',
  prepare: (def, { index }) => {
    const crane = index.craneByDevice.get(def.deviceIds[0]!);
    if (!crane) throw new Error(`hazard ${def.id}: device "${def.deviceIds[0]}" is not a crane's monitor in this district`);
    return { crane };
  },
  init: () => ({ stopped: false }),
  read: (s, { def, env }, _deviceId, tS) => craneReading(env.crane, def.params, tS - def.startAfterS, s.stopped),
  on: { stop_crane: () => ({ stopped: true }) },
  safe: (s) => s.stopped,
  view: (s, { def, env }, tS) => {
    const pct = Number(craneReading(env.crane, def.params, tS - def.startAfterS, s.stopped).moment_pct ?? 0);
    return { at: { x: env.crane.x, y: env.crane.y, z: env.crane.heightM }, level: pct / 100, value: Math.round(pct), unit: '%', sizeM: env.crane.jibLengthM, safe: s.stopped };
  },
});
