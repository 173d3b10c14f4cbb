import { describe, expect, it } from 'vitest';
import { Crane } from '../../twin-assets/districtSchema';
import { ratedMomentKgM } from '../../twin-assets/crane';
import { nextCranePose, nextElevatorPose } from './kinematics';

const crane = Crane.parse({ id: 'tc', courtyardId: 'cy', x: 0, y: 0, heightM: 45, jibLengthM: 50, ratedLoadKg: 6000,
  loadMomentCurve: [{ radiusM: 13, maxLoadKg: 6000 }, { radiusM: 20, maxLoadKg: 3900 }, { radiusM: 50, maxLoadKg: 1500 }] });

describe('kinematics', () => {
  it('the rated moment is the largest radius × load on the curve', () => {
    expect(ratedMomentKgM(crane)).toBe(78_000);
  });

  it.each([
    [100, 2000, 39],   // 78,000 kg·m at 2 t → 39 m
    [50, 6000, 6.5],
    [300, 1000, 50],   // beyond the jib: clamped to it
  ])('puts the trolley where moment %i %% with %i kg says', (moment, load, radius) => {
    expect(nextCranePose(crane, undefined, { moment_pct: moment, load_kg: load }, 0).radiusM).toBeCloseTo(radius, 6);
  });

  it('integrates slew speed over time, capped over a gap', () => {
    const a = nextCranePose(crane, undefined, { slew_speed_dps: 2 }, 0);
    const b = nextCranePose(crane, a, { slew_speed_dps: 2 }, 5000);
    expect(b.slewDeg).toBeCloseTo(10);
    const c = nextCranePose(crane, b, { slew_speed_dps: 2 }, 5000 + 3_600_000);
    expect(c.slewDeg).toBeCloseTo(30);
  });

  it('keeps the last elevator floor when a reading has none', () => {
    const a = nextElevatorPose(undefined, { floor: 7, door_open: true });
    expect(nextElevatorPose(a, { fault_code: 0 })).toEqual({ floor: 7, doorOpen: true });
    expect(nextElevatorPose(undefined, { fault_code: 0 })).toBeUndefined();
  });
});
