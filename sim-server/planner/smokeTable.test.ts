import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { gb50116Smoke, NFPA72_SMOKE, smokeGrid } from './siting';
import { flatLayout, smokeImpactTable, UNDETECTED_FIRE_S } from './smokeTable';

describe('siting smoke detectors', () => {
  it('GB 50116-2013 table 6.2.2: 80 m² within 6.7 m in a room up to 80 m², 60 m² within 5.8 m in a larger low room', () => {
    expect(gb50116Smoke(30, 2.8)).toMatchObject({ areaM2: 80, radiusM: 6.7 });
    expect(gb50116Smoke(120, 2.8)).toMatchObject({ areaM2: 60, radiusM: 5.8 });
    expect(gb50116Smoke(120, 8)).toMatchObject({ areaM2: 80, radiusM: 6.7 });
  });

  it('puts enough detectors in a room that each covers at most its area and every point is within its radius', () => {
    for (const rule of [gb50116Smoke(240, 2.8), NFPA72_SMOKE]) {
      const room = { x: 10, y: 5, w: 20, d: 12 };
      const pts = smokeGrid(rule, room);
      expect(pts.length).toBeGreaterThanOrEqual(Math.ceil((room.w * room.d) / rule.areaM2));
      // every corner and edge point of a 0.5 m raster lies within R of some detector
      for (let x = room.x - room.w / 2; x <= room.x + room.w / 2; x += 0.5) for (let y = room.y - room.d / 2; y <= room.y + room.d / 2; y += 0.5) {
        expect(Math.min(...pts.map((p) => Math.hypot(p.x - x, p.y - y)))).toBeLessThanOrEqual(rule.radiusM + 1e-9);
      }
    }
    // 240 m² / 60 m² would be 4, but a 10 × 6 m cell's corners lie 5.83 m from its centre, over 5.8 m: 3 × 2
    expect(smokeGrid(gb50116Smoke(240, 2.8), { x: 0, y: 0, w: 20, d: 12 })).toHaveLength(6);
    expect(smokeGrid(NFPA72_SMOKE, { x: 0, y: 0, w: 20, d: 12 })).toHaveLength(4); // NFPA's 0.7 × 9.1 m = 6.37 m radius reaches those corners
  });
});

describe('the smoke impact table from the district', () => {
  const d = bundledIndex().district;
  const t = smokeImpactTable(d, bundledRules());

  it('has a fire in every room of every home, each first seen by the detector in that room, later from the next room, latest from the landing', () => {
    expect(t.problem.scenarios).toHaveLength(d.households.length * 3);
    const a = t.problem.scenarios.findIndex((s) => s.id === 'fire:hh-a1-301:kitchen');
    const secondsOf = (id: string) => t.seconds[a]![t.problem.detections[a]!.findIndex((x) => t.problem.sensors[x.sensor]!.id === id)]!;
    const own = secondsOf('room:hh-a1-301:kitchen'), next = secondsOf('room:hh-a1-301:living'), landing = secondsOf('landing:b-a1:1:3');
    expect(own).toBeLessThan(next);
    expect(next).toBeLessThan(landing);
    expect(landing).toBeLessThan(UNDETECTED_FIRE_S);
    // Through the building's multizone model: the smoke climbs the stairwell, so the fifth floor's landing sees it
    // after the third's, and the first floor's not at all.
    const above = secondsOf('landing:b-a1:1:5');
    expect(above).toBeGreaterThan(landing);
    expect(above).toBeLessThan(UNDETECTED_FIRE_S);
    expect(t.problem.detections[a]!.some((x) => t.problem.sensors[x.sensor]!.id === 'landing:b-a1:1:1')).toBe(false);
    // a medium t² fire in a ~25 m² kitchen: about a minute to 10 %/m (the rule's lowest obscuration band)
    expect(own).toBeGreaterThan(30);
    expect(own).toBeLessThan(120);
  });

  it('lays out flats inside their block, rooms inside their flat, and the landing between the flats', () => {
    for (const h of d.households) {
      const b = d.buildings.find((x) => x.id === h.buildingId)!;
      const lay = flatLayout(b, h, 2);
      for (const r of [lay.flat, lay.landing, ...lay.rooms]) {
        expect(r.x - r.w / 2).toBeGreaterThanOrEqual(b.x - b.width / 2 - 1e-9);
        expect(r.x + r.w / 2).toBeLessThanOrEqual(b.x + b.width / 2 + 1e-9);
        expect(r.y - r.d / 2).toBeGreaterThanOrEqual(b.y - b.depth / 2 - 1e-9);
        expect(r.y + r.d / 2).toBeLessThanOrEqual(b.y + b.depth / 2 + 1e-9);
      }
      expect(lay.rooms.reduce((s, r) => s + r.w * r.d, 0)).toBeCloseTo(lay.flat.w * lay.flat.d, 6);
    }
  });

  it('keeps the district\'s smoke detectors, each in its own home', () => {
    const installed = d.devices.filter((x) => x.type === 'smoke' && x.householdId);
    expect(t.fixed).toHaveLength(installed.length);
    for (const dev of installed) expect(t.fixed.some((id) => id.startsWith(`room:${dev.householdId}:`))).toBe(true);
  });
});
