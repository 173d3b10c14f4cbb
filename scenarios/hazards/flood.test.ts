import { describe, expect, it } from 'vitest';
import { initialFlood, rainAt, stepFlood, type FloodParams } from './flood';

const storm: FloodParams = { peakRainMmPerH: 80, stormS: 7200, peakAtS: 2400, catchmentRatio: 12, runoff: 0.8, drainageMmPerH: 50, pumpMmPerH: 900 };

describe('flood in a low-lying zone', () => {
  it('rain rises to its peak and falls away', () => {
    expect([0, 1200, 2400, 4800, 7200].map((t) => rainAt(storm, t))).toEqual([0, 40, 80, 40, 0]);
  });

  it('water balance: while rain exceeds the drains, depth grows by the excess', () => {
    // at a steady 40 mm/h for 10 minutes: inflow 40·0.8·13 = 416 mm/h, out 50 mm/h → 366 mm/h → 61 mm
    const steady = { ...storm, peakAtS: 1, stormS: 1e9, peakRainMmPerH: 40 };
    let s = initialFlood();
    for (let t = 1; t <= 600; t++) s = stepFlood(steady, s, 1, 1); // at the peak: exactly 40 mm/h
    expect(s.depthM).toBeCloseTo(0.366 * (600 / 3600), 6);
  });

  it('a storm floods the underpass past half a metre; pumps bring it down far sooner than the drains alone', () => {
    const run = (pumpAtS: number | null) => {
      let s = initialFlood();
      let dryAt = -1;
      for (let t = 1; t <= 4 * 3600; t++) {
        if (pumpAtS !== null && t === pumpAtS) s = { ...s, pumping: true };
        s = stepFlood(storm, s, t, 1);
        if (t > storm.peakAtS && s.depthM === 0 && dryAt < 0) dryAt = t;
      }
      return { peak: s.peakDepthM, dryAt };
    };
    const passive = run(null), pumped = run(3000);
    expect(passive.peak).toBeGreaterThan(0.5);
    expect(pumped.dryAt).toBeGreaterThan(0);
    expect(passive.dryAt < 0 || passive.dryAt > pumped.dryAt + 1800).toBe(true);
  });
});
