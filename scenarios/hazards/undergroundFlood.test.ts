import { describe, expect, it } from 'vitest';
import { rampInflow } from './undergroundFlood';

describe('water down a ramp', () => {
  // The broad-crested weir, worked by hand: 1.705 · 7 m · (0.25 m)^1.5 = 1.4919 m³/s.
  it('pours over the crest as a broad-crested weir, Q = 1.705·b·H^1.5, and not at all below it', () => {
    expect(rampInflow(0.4, 0.15, 7)).toBeCloseTo(1.4919, 4);
    expect(rampInflow(0.15, 0.15, 7)).toBe(0);
    expect(rampInflow(0.1, 0.15, 7)).toBe(0);
    expect(rampInflow(0.4, 0.15, 14) / rampInflow(0.4, 0.15, 7)).toBeCloseTo(2, 10);
  });
});
