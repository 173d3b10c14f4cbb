// A behaviour model per device type: what a real device of that kind reports, and how it reacts.
// Baseline with noise and slow drift, the device's own alarm logic, battery drain, reactions to
// commands, and a hazard input by which a scenario drives the readings in drills.
import type { DeviceType } from '../twin-assets/deviceCatalog';
import type { DeviceDef } from '../twin-assets/districtSchema';
import type { Rng } from '../twin-assets/random';
import { baselineReading } from './baseline';

export type Readings = Record<string, number | boolean>;
/** What a scenario's hazard model says this device senses now (only the quantities it affects). */
export type Hazard = (deviceId: string, now: number) => Readings | null;

export interface DeviceSim {
  device: DeviceDef;
  battery: number;
  drift: number;
  valveClosed: boolean;
  doorHeld: boolean;
  floor: number;
  last: Readings;
}

/** Battery drain per hour, in percent: NB-IoT detectors last years, wearables days. */
const DRAIN_PER_HOUR: Partial<Record<DeviceType, number>> = { bracelet: 1.2, smoke: 0.002, gas: 0.002, manhole: 0.001, water_level: 0.001 };
/** Smoke detectors alarm by themselves above this obscuration (EN 14604 sensitivity range). */
const SMOKE_ALARM_PCT_M = 8;

export function createSim(device: DeviceDef, rng: Rng): DeviceSim {
  return { device, battery: 60 + Math.round(rng() * 40), drift: 0, valveClosed: false, doorHeld: false, floor: 1, last: {} };
}

export function drain(sim: DeviceSim, ms: number): void {
  sim.battery = Math.max(0, sim.battery - (DRAIN_PER_HOUR[sim.device.type] ?? 0) * (ms / 3_600_000));
}

export function readingOf(sim: DeviceSim, rng: Rng, now: number, hazard?: Hazard): Readings {
  const r: Readings = baselineReading(sim.device.type, rng);
  sim.drift = Math.max(-0.3, Math.min(0.3, sim.drift + (rng() - 0.5) * 0.01)); // a sensor's slow wander
  const sensed = hazard?.(sim.device.id, now) ?? null;
  switch (sim.device.type) {
    case 'gas': {
      r.gas_lel = Math.max(0, round((r.gas_lel as number) + sim.drift));
      if (sensed && typeof sensed.gas_lel === 'number') r.gas_lel = sensed.gas_lel;
      // Valve shut: the source stops and the room airs out; each report reads lower.
      if (sim.valveClosed && typeof sim.last.gas_lel === 'number') r.gas_lel = Math.min(r.gas_lel as number, round((sim.last.gas_lel as number) * 0.5));
      break;
    }
    case 'smoke': {
      Object.assign(r, pick(sensed, ['smoke_obscuration_pct_m', 'temperature_c']));
      r.alarm = (r.smoke_obscuration_pct_m as number) >= SMOKE_ALARM_PCT_M || sensed?.alarm === true;
      break;
    }
    case 'elevator': {
      Object.assign(r, pick(sensed, ['ebike_detected', 'passenger_trapped', 'fault_code']));
      // The e-bike guard: with an e-bike in the car the door stays open and the car does not move.
      sim.doorHeld = r.ebike_detected === true;
      if (sim.doorHeld || r.passenger_trapped === true) r.floor = sim.floor;
      else sim.floor = r.floor as number;
      if (sim.doorHeld) r.door_open = true;
      if (r.passenger_trapped === true) r.door_open = false;
      break;
    }
    default:
      if (sensed) Object.assign(r, sensed);
  }
  sim.last = r;
  return r;
}

export type CommandResult = { ok: true; result?: string } | { ok: false; error: string };

/** The commands devices accept; anything else is answered with an error, as a real device would. */
export function handleCommand(sim: DeviceSim, cmd: string): CommandResult {
  switch (`${sim.device.type}:${cmd}`) {
    case 'gas:close_valve': sim.valveClosed = true; return { ok: true, result: 'valve closed' };
    case 'gas:open_valve': sim.valveClosed = false; return { ok: true, result: 'valve open' };
    case 'elevator:return_to_ground': if (sim.doorHeld) return { ok: false, error: 'door held: an e-bike is in the car' }; sim.floor = 1; return { ok: true };
  }
  if (cmd === 'ping') return { ok: true, result: 'pong' };
  if (cmd === 'test') return { ok: true, result: 'self-test passed' };
  if (cmd === 'reset') return { ok: true, result: 'reset' };
  return { ok: false, error: `a ${sim.device.type} device does not know "${cmd}"` };
}

const round = (v: number) => Math.round(v * 100) / 100;
function pick(from: Readings | null, keys: string[]): Readings {
  const out: Readings = {};
  for (const k of keys) if (from && from[k] !== undefined) out[k] = from[k]!;
  return out;
}
