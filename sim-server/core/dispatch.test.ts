import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District } from '../../twin-assets/districtSchema';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import type { AlarmJson } from '../../twin-assets/protocol';
import { DispatchBoard, ON_SITE_TARGET_MS } from './dispatch';
import { buildRoadGraph, nearestNode, travelSeconds } from './roads';

const T0 = 1_763_870_400_000;
const alarm = (over: Partial<AlarmJson> = {}): AlarmJson => ({
  id: 'a1', deviceId: 'smk-a1-301', deviceType: 'smoke', kind: 'fire', level: 'II', state: 'active_unacked', raisedAt: T0, ackedAt: null, ackedBy: null,
  location: { courtyardId: 'cy-a', buildingId: 'b-a1', floor: 3, x: -146, y: 78, z: 8.8 }, reading: {}, notified: [], exercise: false, ...over,
});

describe('roads', () => {
  it('travel time follows the graph at the road speed, capped by the mover', () => {
    const g = buildRoadGraph(bundledIndex().district);
    const w = nearestNode(g, -210, 0), e = nearestNode(g, 210, 0);
    const car = travelSeconds(g, w, 40)[e]!;
    const bike = travelSeconds(g, w, 15)[e]!;
    expect(car).toBeCloseTo(420 / (40 / 3.6), 6);   // 420 m of Jinhe Road at 40 km/h
    expect(bike).toBeCloseTo(420 / (15 / 3.6), 6);
  });
});

describe('dispatch planning', () => {
  it('sends the nearest grid worker, fire crew and hydrant to a fire, with ETAs', () => {
    const board = new DispatchBoard(bundledIndex());
    const tasks = board.plan(alarm(), T0);
    expect(tasks.map((t) => [t.kind, t.resource.id, t.state])).toEqual([
      ['grid_worker', 'g-1', 'assigned'], ['micro_fire_station', 'mfs-qingyun', 'assigned'], ['hydrant', 'hy-1', 'assigned'],
    ]);
    const movers = tasks.filter((t) => t.kind !== 'hydrant');
    expect(movers.every((t) => t.etaS > 0 && t.etaS < ON_SITE_TARGET_MS / 1000)).toBe(true);
    expect(tasks.find((t) => t.kind === 'hydrant')).toMatchObject({ etaS: 0, distanceM: Math.round(Math.hypot(-100 + 146, 9 - 78)) });
    expect(board.plan(alarm(), T0 + 1)).toEqual([]); // planned once per alarm
  });

  it.each([
    ['a fall', 'fall', ['grid_worker', 'aed']],
    ['a crane overload', 'crane_overload', ['grid_worker']],
    ['a device fault', 'device_offline', []],
  ])('plans for %s', (_n, kind, kinds) => {
    expect(new DispatchBoard(bundledIndex()).plan(alarm({ id: kind, kind }), T0).map((t) => t.kind)).toEqual(kinds);
  });

  it('picks by travel time over the street, at full street scale', () => {
    const index = indexDistrict(District.parse(generateStreet(1)));
    const board = new DispatchBoard(index);
    const far = index.district.devices.find((d) => d.type === 'smoke' && d.position.x > 700 && d.position.y > 700)!;
    const [worker, crew] = board.plan(alarm({ id: 'far', deviceId: far.id, location: { courtyardId: far.courtyardId, buildingId: far.buildingId, floor: far.floor, ...far.position } }), T0);
    const station = index.district.microFireStations.find((s) => s.id === crew!.resource.id)!;
    // the chosen station is the nearest of the eight by straight line too, in this lattice
    const nearest = [...index.district.microFireStations].sort((a, b) => Math.hypot(a.x - far.position.x, a.y - far.position.y) - Math.hypot(b.x - far.position.x, b.y - far.position.y))[0]!;
    expect(station.id).toBe(nearest.id);
    expect(worker!.kind).toBe('grid_worker');
  });

  it.each([
    [['en_route', 'on_site', 'done'], true],
    [['on_site', 'done'], true],
    [['done'], false],
    [['en_route', 'assigned'], false],
  ] as const)('task states %j: allowed %s', (steps, ok) => {
    const board = new DispatchBoard(bundledIndex());
    const [task] = board.plan(alarm(), T0);
    const results = steps.map((s, i) => board.update(task!.id, s, { id: 'test', name: 'worker' }, T0 + (i + 1) * 60_000).ok);
    expect(results.every(Boolean)).toBe(ok);
  });

  it('a blocked lane cuts the crew off from the road: they come on foot, later', () => {
    // a trapped passenger in the estate, across the district from the fire station
    const estate = alarm({ id: 'lift', deviceId: 'elv-c2-1', kind: 'elevator_entrapment', location: { courtyardId: 'cy-c', buildingId: 'b-c2', floor: 1, x: 122, y: 80, z: 1 } });
    const open = new DispatchBoard(bundledIndex()).plan(estate, T0).find((t) => t.kind === 'micro_fire_station')!;
    const board = new DispatchBoard(bundledIndex());
    expect(board.blockLane('e-lane-s1')).toBe(true);   // Station Lane, the fire station's way out to Jinhe Road
    expect(board.blockLane('no-such-lane')).toBe(false);
    const cutOff = board.plan(estate, T0).find((t) => t.kind === 'micro_fire_station')!;
    expect(cutOff.etaS).toBeGreaterThan(open.etaS);
    expect(cutOff.etaS).toBe(Math.round(Math.hypot(122 + 130, 80 + 60) / 1.4)); // on foot, straight across
  });

  it('tracks the 20-minute on-site target', () => {
    const board = new DispatchBoard(bundledIndex());
    const a = alarm();
    const [worker] = board.plan(a, T0);
    expect(board.onSite(a, T0 + 10 * 60_000)).toMatchObject({ firstOnSiteAt: null, met: null, overdue: false });
    expect(board.newlyOverdue([a], T0 + 19 * 60_000)).toEqual([]);
    expect(board.newlyOverdue([a], T0 + 21 * 60_000)).toEqual(['a1']);
    expect(board.newlyOverdue([a], T0 + 22 * 60_000)).toEqual([]); // once
    board.update(worker!.id, 'on_site', { id: 'test', name: '刘芳' }, T0 + 23 * 60_000);
    expect(board.onSite(a, T0 + 24 * 60_000)).toMatchObject({ firstOnSiteAt: T0 + 23 * 60_000, met: false, overdue: false });
  });
});
