// What moves in the 3D twin, derived from readings: elevator cars, crane jibs and trolleys, flood water.
// Pure functions of the previous state and a reading.
import { ratedMomentKgM } from '../../twin-assets/crane';
import type { CraneDef } from '../../twin-assets/districtSchema';

export interface ElevatorPose { floor: number; doorOpen: boolean }
export interface CranePose { slewDeg: number; radiusM: number; loadKg: number; at: number }


export function nextElevatorPose(prev: ElevatorPose | undefined, readings: Record<string, number | boolean>): ElevatorPose | undefined {
  const floor = typeof readings.floor === 'number' ? readings.floor : prev?.floor;
  const doorOpen = typeof readings.door_open === 'boolean' ? readings.door_open : prev?.doorOpen ?? false;
  return floor === undefined ? undefined : { floor, doorOpen };
}

/** The monitor reports slew speed, not angle: the twin integrates it (capped, so a silent gap does not spin the jib). */
export function nextCranePose(crane: CraneDef, prev: CranePose | undefined, readings: Record<string, number | boolean>, at: number): CranePose {
  const base = prev ?? { slewDeg: 0, radiusM: crane.loadMomentCurve[0]!.radiusM, loadKg: 0, at };
  const dt = Math.min(Math.max(0, (at - base.at) / 1000), 10);
  const speed = typeof readings.slew_speed_dps === 'number' ? readings.slew_speed_dps : 0;
  const loadKg = typeof readings.load_kg === 'number' ? readings.load_kg : base.loadKg;
  let radiusM = base.radiusM;
  // moment% = load × radius / rated moment, so the trolley sits where the reported moment puts it.
  if (typeof readings.moment_pct === 'number' && loadKg > 50) {
    radiusM = (readings.moment_pct / 100) * ratedMomentKgM(crane) / loadKg;
  }
  radiusM = Math.min(Math.max(radiusM, 2), crane.jibLengthM);
  return { slewDeg: (base.slewDeg + speed * dt) % 360, radiusM, loadKg, at };
}
