// What a healthy device of each type reports on a quiet day, with sensor noise from a seeded RNG.
// Values stay well inside the alarm rules so a quiet district raises nothing.
import type { DeviceType } from '../twin-assets/deviceCatalog';
import type { Rng } from '../twin-assets/random';

type Values = Record<string, number | boolean>;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const noisy = (rng: Rng, centre: number, spread: number, min = 0) => round(Math.max(min, centre + (rng() * 2 - 1) * spread));

export function baselineReading(type: DeviceType, rng: Rng): Values {
  switch (type) {
    case 'smoke': return { smoke_obscuration_pct_m: noisy(rng, 0.3, 0.3), temperature_c: noisy(rng, 22, 2, -40), alarm: false };
    case 'gas': return { gas_lel: noisy(rng, 0.5, 0.5) };
    case 'water_flow': return { flow_lpm: 0 };
    case 'hydrant': return { pressure_mpa: noisy(rng, 0.3, 0.02) };
    case 'water_level': return { level_m: noisy(rng, 0.02, 0.02) };
    case 'manhole': return { tilt_deg: noisy(rng, 0.5, 0.5), submerged: false };
    case 'electrical': return { leak_current_ma: noisy(rng, 40, 20), line_temp_c: noisy(rng, 30, 4, -40), current_a: noisy(rng, 12, 6) };
    case 'charging_pile': return { temp_c: noisy(rng, 28, 4, -40), current_a: noisy(rng, 3, 3) };
    case 'thermal_camera': return { max_temp_c: noisy(rng, 26, 4, -40) };
    case 'elevator': return { floor: 1 + Math.floor(rng() * 18), door_open: rng() < 0.2, fault_code: 0, ebike_detected: false, passenger_trapped: false };
    case 'crane': return { load_kg: noisy(rng, 1500, 1000), moment_pct: noisy(rng, 40, 20), slew_speed_dps: noisy(rng, 1, 1), wind_mps: noisy(rng, 4, 2) };
    case 'bracelet': return { heart_rate_bpm: Math.round(noisy(rng, 72, 8)), fall_detected: false, sos: false };
  }
}
