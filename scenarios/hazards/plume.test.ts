import { describe, expect, it } from 'vitest';
import { methanePercentLel, plumeConcentration, sigmaY, sigmaZ, windFrame, type Stability } from './plume';

// D. B. Turner, Workbook of Atmospheric Dispersion Estimates (1970), figures 3-2 and 3-3, read at
// 100 m and 1 km: the published Pasquill-Gifford curves the ISC3 formulae are fitted to.
const TURNER: Record<Stability, { y100: number; z100: number; y1k: number; z1k: number }> = {
  A: { y100: 27, z100: 14, y1k: 210, z1k: 450 },
  B: { y100: 19, z100: 11, y1k: 155, z1k: 110 },
  C: { y100: 12.5, z100: 7.5, y1k: 104, z1k: 61 },
  D: { y100: 8, z100: 4.7, y1k: 68, z1k: 32 },
  E: { y100: 6, z100: 3.5, y1k: 51, z1k: 22 },
  F: { y100: 4, z100: 2.3, y1k: 34, z1k: 14 },
};

describe('Gaussian plume', () => {
  it.each(Object.entries(TURNER))('stability %s: σy and σz within 5 %% of the published curves at 100 m and 1 km', (s, t) => {
    const st = s as Stability;
    for (const [got, published] of [[sigmaY(100, st), t.y100], [sigmaZ(100, st), t.z100], [sigmaY(1000, st), t.y1k], [sigmaZ(1000, st), t.z1k]] as const) {
      expect(Math.abs(got / published - 1)).toBeLessThan(0.05);
    }
  });

  it('spreads more in unstable air than in stable air, at every distance', () => {
    for (const x of [50, 200, 1000, 5000]) {
      const ys = (['A', 'B', 'C', 'D', 'E', 'F'] as const).map((s) => sigmaY(x, s));
      expect(ys).toEqual([...ys].sort((a, b) => b - a));
    }
  });

  it('at ground level on the centreline of a ground source: Q / (π u σy σz)', () => {
    const x = 300, s: Stability = 'D';
    expect(plumeConcentration(10, 3, s, x, 0, 0, 0)).toBeCloseTo(10 / (Math.PI * 3 * sigmaY(x, s) * sigmaZ(x, s)), 12);
  });

  it('conserves mass: the flux through a crosswind plane is Q', () => {
    const q = 5, u = 2, s: Stability = 'C', x = 500, h = 10;
    const sy = sigmaY(x, s), sz = sigmaZ(x, s);
    let flux = 0;
    const dy = sy / 20, dz = sz / 20;
    for (let y = -6 * sy; y <= 6 * sy; y += dy) for (let z = dz / 2; z <= 8 * sz + h; z += dz) flux += plumeConcentration(q, u, s, x, y, z, h) * u * dy * dz;
    expect(flux / q).toBeCloseTo(1, 2);
  });

  it('is symmetric across the wind and nothing reaches upwind', () => {
    expect(plumeConcentration(1, 2, 'B', 100, 15, 1, 0)).toBeCloseTo(plumeConcentration(1, 2, 'B', 100, -15, 1, 0), 15);
    expect(plumeConcentration(1, 2, 'B', -100, 0, 1, 0)).toBe(0);
  });

  it('puts points in the wind\'s frame (crosswind positive to the left of the wind): wind towards the east', () => {
    const p = windFrame({ x: 0, y: 0 }, { x: 100, y: 20 }, 90);
    expect(p.x).toBeCloseTo(100, 9);
    expect(p.y).toBeCloseTo(20, 9); // 20 m north is to the left of an eastward wind
    expect(windFrame({ x: 0, y: 0 }, { x: -50, y: 0 }, 90).x).toBe(-50);
  });

  it('converts methane to %LEL: 5 % by volume is 100 %LEL', () => {
    expect(methanePercentLel(668 * 0.05)).toBeCloseTo(100, 10);
    expect(methanePercentLel(668 * 0.01)).toBeCloseTo(20, 10);
  });
});
