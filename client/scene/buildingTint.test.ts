import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import { TINT_AMOUNT, buildingsInAlarm, ownerRanges, tintColours } from './buildingTint';
import { buildingMesh } from './cityGeometry';
import { DISPLAY_COLORS } from './palette';
import { MARKER_PX, markerScale, pixelsPerMetre } from './markerSize';

describe('buildings in alarm', () => {
  it('takes each building\'s most urgent open alarm: unacknowledged over acknowledged; returned or closed ones tint nothing', () => {
    const got = buildingsInAlarm([
      { buildingId: 'a', state: 'active_acked' }, { buildingId: 'a', state: 'active_unacked' }, { buildingId: 'a', state: 'active_acked' },
      { buildingId: 'b', state: 'active_acked' }, { buildingId: 'c', state: 'rtn_unacked' }, { buildingId: 'd', state: 'closed' }, { buildingId: '', state: 'active_unacked' },
    ]);
    expect([...got]).toEqual([['a', 'alarm_unacked'], ['b', 'alarm_acked']]);
  });

  it('tints exactly the building in alarm\'s vertices in the merged mesh, toward red, and gives the others their own colours back', () => {
    const d = bundledIndex().district;
    const m = buildingMesh(d);
    const ranges = ownerRanges(m.faceOwner);
    const [first, second] = [...ranges.keys()] as [string, string];
    expect([...ranges.values()].reduce((n, r) => n + r.to - r.from, 0)).toBe(m.faceOwner.length * 3);
    const out = new Float32Array(m.colors.length);
    const red = new THREE.Color(DISPLAY_COLORS.alarm_unacked);
    tintColours(out, m.colors, ranges, new Map([[second, 'alarm_unacked']]));
    const r = ranges.get(second)!;
    for (let i = 0; i < out.length; i += 3) {
      const inside = i / 3 >= r.from && i / 3 < r.to;
      if (!inside) expect([out[i], out[i + 1], out[i + 2]]).toEqual([m.colors[i], m.colors[i + 1], m.colors[i + 2]]);
      else [red.r, red.g, red.b].forEach((c, k) => expect(out[i + k]).toBeCloseTo(m.colors[i + k]! + (c - m.colors[i + k]!) * TINT_AMOUNT, 6));
    }
    expect(ranges.get(first)!.to).toBeLessThanOrEqual(r.from);
    tintColours(out, m.colors, ranges, new Map());
    expect(out).toEqual(m.colors);
  });
});

describe('a marker\'s size on screen', () => {
  const ppm = pixelsPerMetre(1 / Math.tan((25 * Math.PI) / 180), 800); // 50° field of view, 800 px high
  const px = (depth: number) => (1.4 * ppm * markerScale(depth, ppm)) / depth;
  it('stays between its smallest and largest, and in between keeps its size in metres', () => {
    expect(px(5)).toBeCloseTo(MARKER_PX.max, 6);      // up close: no larger than a few pixels
    expect(px(5000)).toBeCloseTo(MARKER_PX.min, 6);   // far off: still a speck
    expect(markerScale(250, ppm)).toBeCloseTo(1, 6);  // in between: as modelled
    expect(px(150)).toBeGreaterThan(px(300));         // nearer is larger
  });
});
