import { describe, expect, it } from 'vitest';
import { ignites, initialGasRoom, percentLel, stepGasRoom, type GasRoomParams } from './gasRoom';

const kitchen: GasRoomParams = { leakM3PerH: 0.6, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 };

describe('gas in a well-mixed room', () => {
  it.each([60, 600, 1800, 3600, 3 * 3600])('matches the analytic solution after %i s, whatever the step', (t) => {
    const analytic = (0.6 / (20 * 0.5)) * (1 - Math.exp((-0.5 * t) / 3600));
    for (const dt of [1, 10, 60]) {
      let s = initialGasRoom();
      for (let k = 0; k < t / dt; k++) s = stepGasRoom(kitchen, s, dt);
      expect(s.fraction).toBeCloseTo(analytic, 10);
    }
  });

  it('reaches the detector\'s alarm range within a quarter of an hour, and the LEL after about 3.6 hours', () => {
    let s = initialGasRoom();
    const lelAt = (minutes: number) => { s = initialGasRoom(); for (let k = 0; k < minutes * 60; k++) s = stepGasRoom(kitchen, s, 1); return percentLel(s); };
    expect(lelAt(10)).toBeCloseTo(9.59, 2);   // 0.06·(1 − e^(−1/12)) / 0.05
    expect(lelAt(15)).toBeGreaterThan(10);
    expect(lelAt(60)).toBeCloseTo(47.22, 2);  // 0.06·(1 − e^(−0.5)) / 0.05
    expect(lelAt(210)).toBeLessThan(100);
    expect(lelAt(220)).toBe(100);            // ln 6 / 0.5 h = 215 min
  });

  it('shutting the valve and opening the windows clears the room: down to a tenth in about 14 minutes', () => {
    let s = { ...initialGasRoom(), fraction: 0.02 };
    s = { ...s, valveShut: true, windowsOpen: true };
    for (let k = 0; k < 829; k++) s = stepGasRoom(kitchen, s, 1); // ln(10)/10 h = 829 s
    expect(s.fraction / 0.02).toBeCloseTo(0.1, 3);
  });

  it('ignites only above the LEL with a spark', () => {
    expect(ignites({ fraction: 0.06, valveShut: false, windowsOpen: false }, true)).toBe(true);
    expect(ignites({ fraction: 0.06, valveShut: false, windowsOpen: false }, false)).toBe(false);
    expect(ignites({ fraction: 0.04, valveShut: false, windowsOpen: false }, true)).toBe(false);
  });
});
