import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { bandProbability, floodImpactTable, floodTimes, RETURN_YEARS, stormParams } from './floodTable';
import { SEWER_DESIGN_RETURN_YEARS, stormMmPerH } from './siting';

describe('the storm curve', () => {
  it('is heavier for rarer storms and lighter over longer durations', () => {
    expect(stormMmPerH(100, 120)).toBeGreaterThan(stormMmPerH(2, 120));
    expect(stormMmPerH(5, 10)).toBeGreaterThan(stormMmPerH(5, 120));
    // q = 167·A1(1 + C lg P)/(t + b)^n, 1 L/s·ha = 0.36 mm/h: the 2-year, 60-minute storm
    expect(stormMmPerH(2, 60)).toBeCloseTo((0.36 * 2806 * (1 + 0.803 * Math.log10(2))) / (60 + 12.8 * 2 ** 0.231) ** 0.768, 9);
  });

  it('weighs return periods by the chance of a storm in each band, adding up to the chance of the 2-year storm', () => {
    expect(RETURN_YEARS.reduce((s, _, k) => s + bandProbability(k), 0)).toBeCloseTo(1 / 2, 12);
  });
});

describe('the water-level impact table from the district', () => {
  const d = bundledIndex().district;
  const t = floodImpactTable(d, bundledRules());

  it('times the low-point gauge by the flood model reaching the rule\'s alarm depth', () => {
    const z = d.floodZones.find((x) => x.id === 'fz-underpass')!;
    const a = t.problem.scenarios.findIndex((s) => s.id === 'flood:fz-underpass:20y');
    const times = floodTimes(stormParams(20, z), 0.15, Infinity);
    const k = t.problem.detections[a]!.findIndex((x) => t.problem.sensors[x.sensor]!.id === 'low:fz-underpass');
    expect(t.seconds[a]![k]).toBe(times.reaches);
    expect(t.problem.scenarios[a]!.probability).toBeCloseTo(1 / 20 - 1 / 50, 12);
  });

  it('lets a manhole\'s gauge see only storms rarer than the drains\' design storm', () => {
    t.problem.scenarios.forEach((s, a) => {
      const years = Number(/:(\d+)y$/.exec(s.id)![1]);
      const byManhole = t.problem.detections[a]!.some((x) => t.problem.sensors[x.sensor]!.id.startsWith('manhole:'));
      if (years <= SEWER_DESIGN_RETURN_YEARS) expect(byManhole, s.id).toBe(false);
    });
    expect(t.problem.detections.some((ds) => ds.some((x) => t.problem.sensors[x.sensor]!.id.startsWith('manhole:')))).toBe(true);
  });

  it('keeps the gauges the zones already have', () => {
    expect(t.fixed.sort()).toEqual(d.floodZones.filter((z) => z.gaugeDeviceId).map((z) => `low:${z.id}`).sort());
  });
});
