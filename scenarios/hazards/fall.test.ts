import { describe, expect, it } from 'vitest';
import { braceletAfterFall, freeFall, simulateFall } from './fall';

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
});
