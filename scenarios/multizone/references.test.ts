// The multizone model against what is known without it: the orifice equation solved by hand for one and two
// zones, the stack effect across a shaft (Klote and Milke's stack coefficient), a published multizone benchmark
// compared against CONTAM (Wetter 2006: three rooms exchanging air by buoyancy through a door and small openings),
// the well-mixed zone's exponential approach to its steady state, and the conservation of what is released over a
// transient in a whole building.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linksOf, setOpenings, solveAirflow } from './airflow';
import { buildingZones } from './buildingZones';
import { MultizoneModel } from './model';
import { airDensity, G, kelvin, OUTDOORS, SOOT, type Network, type Opening } from './network';

const hole = (areaM2: number, cd = 0.6): Opening => ({ kind: 'orifice', openAreaM2: areaM2, shutAreaM2: areaM2, cd, heightM: 0 });
const solve = (net: Network, rho: number[], outdoorK: number, supply?: number[]) => {
  const links = linksOf(net);
  setOpenings(net, links, net.paths.map(() => 1));
  const p = new Float64Array(net.zones.length), flows = new Float64Array(links.count);
  const r = solveAirflow(links, p, flows, { rho, floorZ: net.zones.map((z) => z.floorZ), weather: { outdoorK, windMs: 0 }, outdoorRho: airDensity(outdoorK), ...(supply ? { supply } : {}) });
  return { p, flows, ...r };
};

describe('airflow against the orifice equation', () => {
  const T = kelvin(20), rho = airDensity(T);
  it('one zone fed by a fan, out through one orifice: Δp = (ṁ / Cd·A)² / 2ρ', () => {
    const net: Network = { zones: [{ id: 'a', volumeM3: 50, floorZ: 0, heightM: 3 }], paths: [{ id: 'out', from: 0, to: OUTDOORS, z: 0, opening: hole(0.05) }] };
    const m = 0.1;
    const { p, flows, residualKgS } = solve(net, [rho], T, [m]);
    expect(residualKgS).toBeLessThan(1e-8);
    expect(flows[0]).toBeCloseTo(m, 8);
    expect(p[0]).toBeCloseTo((m / (0.6 * 0.05)) ** 2 / (2 * rho), 4);
  });

  it('two zones in series: the pressure drops add, 1/A₁² + 1/A₂²', () => {
    const net: Network = {
      zones: [{ id: 'a', volumeM3: 50, floorZ: 0, heightM: 3 }, { id: 'b', volumeM3: 50, floorZ: 0, heightM: 3 }],
      paths: [{ id: 'ab', from: 0, to: 1, z: 1, opening: hole(0.02) }, { id: 'out', from: 1, to: OUTDOORS, z: 1, opening: hole(0.04) }],
    };
    const m = 0.05;
    const { p } = solve(net, [rho, rho], T, [m, 0]);
    const drop = (a: number) => (m / (0.6 * a)) ** 2 / (2 * rho);
    expect(p[0]! - p[1]!).toBeCloseTo(drop(0.02), 3);
    expect(p[1]).toBeCloseTo(drop(0.04), 3);
  });
});

describe('the stack effect across a shaft', () => {
  it('matches the hydrostatic balance, and Klote and Milke\'s Δp = Ks·(1/To − 1/Ti)·h within 1 %', () => {
    // A 30 m shaft at 21 °C on a −18 °C day, equal openings at the bottom and the top.
    const Ti = kelvin(21), To = kelvin(-18), H = 30;
    const net: Network = {
      zones: [{ id: 'shaft', volumeM3: 300, floorZ: 0, heightM: H }],
      paths: [{ id: 'bottom', from: 0, to: OUTDOORS, z: 0, opening: hole(0.5) }, { id: 'top', from: 0, to: OUTDOORS, z: H, opening: hole(0.5) }],
    };
    const ri = airDensity(Ti), ro = airDensity(To);
    const { flows } = solve(net, [ri], To);
    // Air comes in at the bottom and leaves at the top, the same mass.
    expect(flows[0]).toBeLessThan(0);
    expect(flows[1]).toBeGreaterThan(0);
    expect(flows[1]! + flows[0]!).toBeCloseTo(0, 8);
    // Equal openings: ρo·Δp_bottom = ρi·Δp_top and Δp_bottom + Δp_top = (ρo − ρi)·g·H.
    const total = (ro - ri) * G * H;
    const dpTop = (total * ro) / (ri + ro);
    expect(flows[1]).toBeCloseTo(0.6 * 0.5 * Math.sqrt(2 * ri * dpTop), 6);
    // Klote & Milke, Design of Smoke Management Systems (ASHRAE/SFPE 1992), ch. 2: Δp = Ks·(1/To − 1/Ti)·h with
    // Ks = 3460 Pa·K/m and h the height above the neutral plane, which for two openings lies at
    // H / (1 + (A_bottom/A_top)²·Ti/To): below the middle when the shaft is the warmer.
    const neutral = H / (1 + Ti / To);
    const klote = 3460 * (1 / To - 1 / Ti) * (H - neutral);
    const dpModel = (flows[1]! / (0.6 * 0.5)) ** 2 / (2 * ri);
    expect(Math.abs(dpModel - klote) / klote).toBeLessThan(0.01);
  });
});

describe('a published benchmark: Wetter (2006), three rooms, compared there against CONTAM', () => {
  // fixtures/wetter2006-three-rooms.json: the configuration and the steady flows, with their source and licence.
  const ref = JSON.parse(readFileSync(new URL('./fixtures/wetter2006-three-rooms.json', import.meta.url), 'utf8')) as {
    rooms: Record<'west' | 'east' | 'top', { tempC: number; volumeM3: number; aboveM?: number }>; outdoorC: number;
    paths: { door: { widthM: number; heightM: number; bottomBelowRefM: number; cd: number }; westTop: { areaM2: number; cd: number; aboveWestM: number }; eastOutBottom: { aboveEastM: number } };
    steadyKgS: Record<string, number>;
  };
  // Measured 2026-12-07: the door +6.5 % and +6.6 % (two half-openings for the library's ten slices), the ceiling
  // openings +2.6 % and 0.0 %, the east façade +1.3 %.
  it('gives the door\'s two-way exchange, the circulation through the ceiling openings and the east façade\'s flow within 10 %', () => {
    const { door, westTop } = ref.paths;
    const small = (z: number) => ({ z, opening: hole(westTop.areaM2, westTop.cd) });
    // Each room's pressure is given at its reference height: west and east at 0, the top room 3 m above.
    const net: Network = {
      zones: [{ id: 'west', volumeM3: ref.rooms.west.volumeM3, floorZ: 0, heightM: 2.5 }, { id: 'east', volumeM3: ref.rooms.east.volumeM3, floorZ: 0, heightM: 2.5 }, { id: 'top', volumeM3: ref.rooms.top.volumeM3, floorZ: ref.rooms.top.aboveM!, heightM: 2.5 }],
      paths: [
        { id: 'door', from: 0, to: 1, z: -door.bottomBelowRefM + door.heightM / 2, opening: { kind: 'orifice', openAreaM2: door.widthM * door.heightM, shutAreaM2: 0, cd: door.cd, heightM: door.heightM } },
        { id: 'westTop', from: 0, to: 2, ...small(westTop.aboveWestM) },
        { id: 'eastTop', from: 1, to: 2, ...small(westTop.aboveWestM) },
        { id: 'eastOutTop', from: 1, to: OUTDOORS, ...small(westTop.aboveWestM) },
        { id: 'eastOutBottom', from: 1, to: OUTDOORS, ...small(ref.paths.eastOutBottom.aboveEastM) },
      ],
    };
    const links = linksOf(net);
    setOpenings(net, links, net.paths.map(() => 1));
    const flows = new Float64Array(links.count);
    solveAirflow(links, new Float64Array(3), flows, { rho: [ref.rooms.west, ref.rooms.east, ref.rooms.top].map((r) => airDensity(kelvin(r.tempC))), floorZ: [0, 0, 3], weather: { outdoorK: kelvin(ref.outdoorC), windMs: 0 }, outdoorRho: airDensity(kelvin(ref.outdoorC)) });
    const of = (path: string) => Array.from(flows).filter((_, k) => net.paths[links.path[k]!]!.id === path);
    const [low, high] = of('door'); // the door's lower and upper halves
    const within = (got: number, want: number) => expect(Math.abs(got - want) / want, `${got} against ${want}`).toBeLessThan(0.1);
    within(-low!, ref.steadyKgS.doorEastToWest!); // cool east air in low
    within(high!, ref.steadyKgS.doorWestToEast!); // warm west air out high
    within(of('westTop')[0]!, ref.steadyKgS.westToTop!);
    within(-of('eastTop')[0]!, ref.steadyKgS.topToEast!);
    within(of('eastOutTop')[0]!, ref.steadyKgS.eastToOutdoorsTop!);
    within(-of('eastOutBottom')[0]!, ref.steadyKgS.outdoorsToEastBottom!);
  });
});

describe('contaminants in well-mixed zones', () => {
  // One flat with a window on each façade and a steady wind through it, a trace release inside.
  const T = kelvin(20);
  const net: Network = {
    zones: [{ id: 'flat', volumeM3: 150, floorZ: 0, heightM: 2.8 }],
    paths: [
      { id: 'windward', from: 0, to: OUTDOORS, z: 1.5, opening: hole(0.01), windCp: 0.6 },
      { id: 'leeward', from: 0, to: OUTDOORS, z: 1.5, opening: hole(0.01), windCp: -0.3 },
    ],
  };
  const S = 1e-6; // kg/s

  it('approaches S/ṁ as 1 − e^(−ṁt/M) and holds it', () => {
    const model = new MultizoneModel(net, [SOOT]);
    let s = model.initial(20);
    const inputs = { weather: { outdoorK: T, windMs: 3 }, open: [1, 1], releases: [{ species: 0, zone: 0, kgS: S }] };
    const dt = 5;
    s = model.step(s, inputs, dt);
    const through = model.pathFlows()[1]!; // out through the leeward window
    expect(through).toBeGreaterThan(0);
    const M = airDensity(T) * 150, tau = M / through;
    let t = dt;
    while (t < tau) { s = model.step(s, inputs, dt); t += dt; }
    const expected = (S / through) * (1 - Math.exp(-t / tau));
    expect(Math.abs(s.w[0]![0]! - expected) / expected).toBeLessThan(0.01);
    while (t < 12 * tau) { s = model.step(s, inputs, dt); t += dt; }
    expect(Math.abs(s.w[0]![0]! - S / through) / (S / through)).toBeLessThan(0.001);
  });
});

describe('conservation over a transient', () => {
  it('what the zones hold plus what went outdoors is what was released, in a six-storey building', () => {
    const { net, zones, paths } = buildingZones({ id: 'b', footprint: [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 12 }, { x: 0, y: 12 }], floors: 6, floorHeight: 3, units: 2 });
    const model = new MultizoneModel(net, [SOOT]);
    const open = paths.map((p) => (p.kind === 'flat_door' && p.flat === '1-101' ? 1 : p.kind === 'stair_window' && p.floor === 6 ? 1 : 0));
    const fire = zones.findIndex((z) => z.flat === '1-101');
    let s = model.initial(20);
    let released = 0;
    for (let t = 0; t < 900; t += 2) {
      const kgS = 2e-4 * Math.min(1, t / 300);
      s = model.step(s, { weather: { outdoorK: kelvin(5), windMs: 2 }, open, releases: [{ species: 0, zone: fire, kgS }] }, 2);
      released += kgS * 2;
    }
    const held = model.held(s, 0);
    expect(held).toBeGreaterThan(0.05 * released);
    expect(s.vented[0]).toBeGreaterThan(0);
    expect(Math.abs(held + s.vented[0]! - released) / released).toBeLessThan(1e-6);
  });
});

describe('a network that cannot be solved', () => {
  it('names the zone with no way to the outdoors, and the path to a zone that is not there', () => {
    const net: Network = {
      zones: [{ id: 'flat', volumeM3: 50, floorZ: 0, heightM: 3 }, { id: 'sealed', volumeM3: 50, floorZ: 0, heightM: 3 }],
      paths: [{ id: 'window', from: 0, to: OUTDOORS, z: 1, opening: hole(0.01) }, { id: 'ghost', from: 0, to: 7, z: 1, opening: hole(0.01) }],
    };
    expect(() => new MultizoneModel(net, [SOOT])).toThrow(/path ghost: no zone 7; zone sealed has no way to the outdoors/);
  });
});
