// Smoke from a ground-floor kitchen fire in a six-storey walk-up (the seeds' old courtyard blocks): what the model
// is for. Through the flat's open door it climbs the stairwell to the fifth-floor landing above a smoke detector's
// alarm (10 %/m, the bundled rules); with the door shut it stays below; shutting the door and opening the stair windows
// clears it.
import { describe, expect, it } from 'vitest';
import { ALPHA_MEDIUM, HEAT_OF_COMBUSTION_KJ_PER_G, SMOKE_YIELD } from '../hazards/kitchenFire';
import { buildingZones } from './buildingZones';
import { MultizoneModel } from './model';
import { kelvin, SOOT } from './network';
import { zoneAir } from './readings';

const ALARM_PCT_M = 10;
const block = buildingZones({ id: 'b', footprint: [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 12 }, { x: 0, y: 12 }], floors: 6, floorHeight: 3, units: 2 });
const zoneOf = (kind: string, floor: number, flat: string | null = null) => block.zones.findIndex((z) => z.kind === kind && z.unit === 1 && z.floor === floor && z.flat === flat);

/** Runs a medium t² fire to 1 MW in flat 1-101 for `seconds`; `open` gives each path's opening at a time. */
function burn(seconds: number, open: (kind: string, p: (typeof block.paths)[number], t: number) => number) {
  const model = new MultizoneModel(block.net, [SOOT]);
  const fire = zoneOf('flat', 1, '1-101'), landing5 = zoneOf('landing', 5);
  let s = model.initial(20);
  const seen: { t: number; landing5: number }[] = [];
  for (let t = 0; t < seconds; t += 2) {
    const kw = Math.min(1000, ALPHA_MEDIUM * t * t);
    const soot = ((kw / HEAT_OF_COMBUSTION_KJ_PER_G) * SMOKE_YIELD) / 1000;
    s = model.step(s, { weather: { outdoorK: kelvin(5), windMs: 2 }, open: block.paths.map((p) => open(p.kind, p, t)), releases: [{ species: 0, zone: fire, kgS: soot }], heat: [{ zone: fire, watts: 0.7 * kw * 1000 }] }, 2);
    seen.push({ t: t + 2, landing5: zoneAir(model, s, landing5).smoke_obscuration_pct_m });
  }
  return seen;
}
const doorOf101 = (p: (typeof block.paths)[number]) => p.kind === 'flat_door' && p.flat === '1-101';

describe('smoke in the stairwell', () => {
  it('reaches the fifth-floor landing above the alarm through the open flat door, and stays below with it shut', () => {
    const open = burn(1800, (_, p) => (doorOf101(p) ? 1 : 0));
    const reached = open.find((x) => x.landing5 >= ALARM_PCT_M);
    expect(reached).toBeDefined();
    expect(reached!.t).toBeLessThan(15 * 60);
    const shut = burn(1800, () => 0);
    expect(Math.max(...shut.map((x) => x.landing5))).toBeLessThan(ALARM_PCT_M);
  });

  it('clears the fifth-floor landing below the alarm once the door is shut and the stair windows opened; shutting the door alone does not', () => {
    // The door left open for twelve minutes, then shut; the stair windows opened then, or not.
    const shutAt600 = (p: (typeof block.paths)[number], t: number) => doorOf101(p) && t < 720;
    const aired = burn(1500, (kind, p, t) => (shutAt600(p, t) || (t >= 720 && kind === 'stair_window') ? 1 : 0));
    const closed = burn(1500, (_, p, t) => (shutAt600(p, t) ? 1 : 0));
    expect(Math.max(...aired.filter((x) => x.t <= 720).map((x) => x.landing5))).toBeGreaterThan(ALARM_PCT_M);
    expect(aired.at(-1)!.landing5).toBeLessThan(ALARM_PCT_M);
    expect(closed.at(-1)!.landing5).toBeGreaterThan(ALARM_PCT_M);
  });
});
