import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { ratedMomentKgM } from '../../twin-assets/crane';
import { craneReading } from './crane';
import { ALPHA_MEDIUM, ceilingRiseC, initialFire, smokeDetectorSees, stepFire, type KitchenFireParams } from './kitchenFire';

const kitchen: KitchenFireParams = { alphaKwPerS2: ALPHA_MEDIUM, peakKw: 500, ceilingM: 2.8, roomM3: 25, airChangesPerH: 0.5, ambientC: 20 };

describe('kitchen fire', () => {
  it('grows as t²: a medium fire reaches 1,055 kW at 300 s (NFPA 72)', () => {
    let s = initialFire();
    for (let t = 0; t < 300; t++) s = stepFire({ ...kitchen, peakKw: 5000 }, s, 1);
    expect(s.kw).toBeCloseTo(1054.8, 1);
  });

  // 16.9 · Q^(2/3) / H^(5/3), worked by hand: 100 kW under 2.8 m → 16.9 · 21.544 / 5.563.
  it.each([[100, 2.8, 65.46], [500, 2.8, 191.4], [1000, 3.5, 209.46]])("ceiling jet: Alpert's ΔT for %i kW under %f m is %f °C", (kw, h, dt) => {
    expect(ceilingRiseC(kw, h)).toBeCloseTo(dt, 1);
  });

  it('ceiling jet scales as Q^(2/3) and H^(−5/3)', () => {
    expect(ceilingRiseC(400, 3) / ceilingRiseC(200, 3)).toBeCloseTo(2 ** (2 / 3), 10);
    expect(ceilingRiseC(400, 3) / ceilingRiseC(400, 6)).toBeCloseTo(2 ** (5 / 3), 10);
    expect(ceilingRiseC(0, 3)).toBe(0);
  });

  it('a pan fire sets off a smoke detector within a couple of minutes, and the room clears once it is out', () => {
    let s = initialFire();
    let alarmAt = -1;
    for (let t = 1; t <= 600 && alarmAt < 0; t++) { s = stepFire(kitchen, s, 1); if (smokeDetectorSees(kitchen, s).smoke_obscuration_pct_m >= 8) alarmAt = t; }
    expect(alarmAt).toBeGreaterThan(30);
    expect(alarmAt).toBeLessThan(180);
    s = { ...s, out: true };
    const before = smokeDetectorSees(kitchen, s).smoke_obscuration_pct_m;
    for (let t = 0; t < 3600; t++) s = stepFire({ ...kitchen, airChangesPerH: 10 }, s, 1); // windows open
    expect(smokeDetectorSees(kitchen, s).smoke_obscuration_pct_m).toBeLessThan(before / 100);
    expect(s.kw).toBe(0);
  });
});

describe('tower crane in rising wind', () => {
  const crane = bundledIndex().district.cranes[0]!;
  const p = { windFromMps: 6, windToMps: 22, rampS: 600, liftKg: 2400, liftAtS: 120, radiusM: 40 };

  it('overloads when a 2.4 t lift goes out to 40 m: moment 123 % of rated', () => {
    expect(ratedMomentKgM(crane)).toBe(78_000);
    expect(craneReading(crane, p, 130, false).moment_pct).toBeCloseTo(123.08, 2);
    expect(craneReading(crane, p, 60, false).moment_pct).toBe(0);
  });

  it('the wind ramps, and above 10 m/s the jib turns faster with it', () => {
    expect(craneReading(crane, p, 0, false)).toMatchObject({ wind_mps: 6, slew_speed_dps: 1.2 });
    expect(craneReading(crane, p, 600, false)).toMatchObject({ wind_mps: 22, slew_speed_dps: 4.8 });
  });

  it('stopped: load down, brake on', () => {
    expect(craneReading(crane, p, 600, true)).toMatchObject({ load_kg: 0, moment_pct: 0, slew_speed_dps: 0 });
  });
});
