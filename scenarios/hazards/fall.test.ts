import { describe, expect, it } from 'vitest';
import { braceletAfterFall, craneAroundFall, freeFall, thermalCameraAroundFall } from './fall';
import { simulateFall } from './fallPhysics';

describe('fall from height (rapier)', () => {
  it.each([1, 3, 6, 12, 25, 45])('from %i m: fall time and impact speed within 2 percent of free fall', async (h) => {
    const sim = await simulateFall(h);
    const ideal = freeFall(h);
    expect(Math.abs(sim.fallTimeS / ideal.fallTimeS - 1)).toBeLessThan(0.02);
    expect(Math.abs(sim.impactSpeedMps / ideal.impactSpeedMps - 1)).toBeLessThan(0.02);
  });

  it('a bracelet sees nothing during the fall and a fall on impact; a hard landing raises the heart rate', async () => {
    const scaffold = await simulateFall(12);
    expect(braceletAfterFall(scaffold, scaffold.fallTimeS - 0.01)).toEqual({ fall_detected: false, heart_rate_bpm: 88 });
    expect(braceletAfterFall(scaffold, scaffold.fallTimeS + 0.01)).toEqual({ fall_detected: true, heart_rate_bpm: 128 });
    const chair = await simulateFall(0.5);
    expect(braceletAfterFall(chair, 5)).toEqual({ fall_detected: true, heart_rate_bpm: 104 });
  });

  it('the crane operator stops slewing at the fall and holds the load; a camera in view sees a warm body on the ground', async () => {
    const trace = await simulateFall(12);
    const site = { craneLoadKg: 800, craneMomentPct: 35, windMps: 4, ambientC: 12 };
    expect(craneAroundFall(trace, site, trace.fallTimeS - 0.01).slew_speed_dps).toBeGreaterThan(0);
    expect(craneAroundFall(trace, site, trace.fallTimeS + 0.01)).toEqual({ load_kg: 800, moment_pct: 35, slew_speed_dps: 0, wind_mps: 4 });
    expect(thermalCameraAroundFall(trace, site, trace.fallTimeS - 0.01).max_temp_c).toBe(18);
    expect(thermalCameraAroundFall(trace, site, trace.fallTimeS + 0.01).max_temp_c).toBe(33);
    // On a hot day the sunlit scene is warmer than the body: the camera's hottest pixel does not change.
    expect(thermalCameraAroundFall(trace, { ...site, ambientC: 35 }, trace.fallTimeS + 1).max_temp_c).toBe(41);
  });
});
