import { describe, expect, it } from 'vitest';
import { fromWgs84, haversineM, toWgs84 } from './geo';

const origin = { lat: 30.65984, lon: 104.06332 };

describe('local metres ↔ WGS84', () => {
  it.each([[0, 0], [1500, 0], [0, -1500], [1500, 1500], [-1732, 980]])('round-trips (%i, %i)', (x, y) => {
    const back = fromWgs84(origin, toWgs84(origin, x, y));
    expect(back.x).toBeCloseTo(x, 6);
    expect(back.y).toBeCloseTo(y, 6);
  });

  it.each([[1500, 0], [0, 1500], [1500, 1500], [-1500, -1000]])('stays within a metre of the great-circle distance over a street (%i, %i)', (x, y) => {
    const d = haversineM(origin, toWgs84(origin, x, y));
    expect(Math.abs(d - Math.hypot(x, y))).toBeLessThan(1);
  });
});
