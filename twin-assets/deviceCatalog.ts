// Every device type of the contract with its quantities, units and physical ranges.
// A reading outside a range is not a hazard, it is a broken or forged message: the bridge rejects it.

export const DEVICE_TYPES = [
  'smoke', 'gas', 'water_flow', 'hydrant', 'water_level', 'manhole', 'electrical',
  'charging_pile', 'thermal_camera', 'elevator', 'crane', 'bracelet',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export type QuantitySpec =
  | { kind: 'number'; unit: string; min: number; max: number; integer?: boolean }
  | { kind: 'boolean' };

const num = (unit: string, min: number, max: number, integer = false): QuantitySpec =>
  ({ kind: 'number', unit, min, max, integer });
const bool: QuantitySpec = { kind: 'boolean' };

export const QUANTITIES: Record<DeviceType, Record<string, QuantitySpec>> = {
  smoke: { smoke_obscuration_pct_m: num('%/m', 0, 100), temperature_c: num('°C', -40, 150), alarm: bool },
  gas: { gas_lel: num('%LEL', 0, 100) },
  water_flow: { flow_lpm: num('L/min', 0, 10_000) },
  hydrant: { pressure_mpa: num('MPa', 0, 4) },
  water_level: { level_m: num('m', -20, 200) },
  manhole: { tilt_deg: num('°', 0, 180), submerged: bool },
  electrical: { leak_current_ma: num('mA', 0, 10_000), line_temp_c: num('°C', -40, 400), current_a: num('A', 0, 2_000) },
  charging_pile: { temp_c: num('°C', -40, 400), current_a: num('A', 0, 500) },
  thermal_camera: { max_temp_c: num('°C', -40, 2_000) },
  elevator: {
    floor: num('floor', -10, 200, true), door_open: bool, fault_code: num('code', 0, 65_535, true),
    ebike_detected: bool, passenger_trapped: bool,
  },
  crane: { load_kg: num('kg', 0, 200_000), moment_pct: num('%', 0, 400), slew_speed_dps: num('°/s', 0, 90), wind_mps: num('m/s', 0, 100) },
  bracelet: {
    heart_rate_bpm: num('bpm', 0, 300, true), fall_detected: bool, sos: bool,
    x_m: num('m', -100_000, 100_000), y_m: num('m', -100_000, 100_000),
  },
};

/** How often a healthy device of each type reports by itself (the emulators use this too). */
export const REPORT_INTERVAL_MS: Record<DeviceType, number> = {
  smoke: 60_000, gas: 60_000, water_flow: 60_000, hydrant: 60_000, water_level: 30_000,
  manhole: 60_000, electrical: 30_000, charging_pile: 30_000, thermal_camera: 30_000,
  elevator: 5_000, crane: 5_000, bracelet: 30_000,
};

export function isDeviceType(value: string): value is DeviceType {
  return (DEVICE_TYPES as readonly string[]).includes(value);
}

/** The commands an operator may send each device type from its panel (the device answers on `ack`). */
export const DEVICE_COMMANDS: Record<DeviceType, string[]> = {
  smoke: ['test', 'reset'], gas: ['close_valve', 'open_valve', 'test', 'reset'], water_flow: ['test'], hydrant: ['test'], water_level: ['test'],
  manhole: ['test'], electrical: ['test', 'reset'], charging_pile: ['test', 'reset'], thermal_camera: ['test'], elevator: ['return_to_ground', 'test', 'reset'],
  crane: ['test'], bracelet: ['test'],
};
