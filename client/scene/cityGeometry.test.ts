import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { bundledIndex } from '../../test/helpers/fixtures';
import { USE_COLORS, buildingLines, buildingMesh, communityLines, courtyardMesh, districtBounds, streetMesh, undergroundMesh, type Merged } from './cityGeometry';

const d = bundledIndex().district;
const above = d.buildings.filter((b) => !b.underground), below = d.buildings.filter((b) => b.underground);

/** The triangles of a merged mesh, as three.js triangles, with their owner. */
const triangles = (m: Merged) => m.faceOwner.map((owner, t) => {
  const v = [0, 1, 2].map((k) => new THREE.Vector3(m.positions[t * 9 + k * 3], m.positions[t * 9 + k * 3 + 1], m.positions[t * 9 + k * 3 + 2]));
  return { owner, tri: new THREE.Triangle(v[0], v[1], v[2]), top: Math.min(v[0]!.y, v[1]!.y, v[2]!.y) };
});

describe('city geometry', () => {
  it('stands every building on its footprint, to its height, in one mesh: walls shaded by the light, and a roof of the footprint\'s area', () => {
    const m = buildingMesh(d);
    // four walls of two triangles and a flat roof of two, or a pitched one of six, per rectangular block
    expect(m.faceOwner).toHaveLength(above.reduce((n, b) => n + 8 + (b.roof === 'flat' ? 2 : 6), 0));
    const b = above.find((x) => x.roof === 'flat')!;
    const mine = triangles(m).filter((t) => t.owner === b.id);
    const h = b.floors * b.floorHeight;
    const roof = mine.filter((t) => t.top === h);
    expect(roof.reduce((a, t) => a + t.tri.getArea(), 0)).toBeCloseTo(b.width * b.depth, 6);
    expect(Math.max(...mine.map((t) => Math.max(t.tri.a.y, t.tri.b.y, t.tri.c.y)))).toBe(h);
    // walls face out and roofs up (back faces are culled)
    const centre = new THREE.Vector3(b.x, 0, -b.y);
    for (const t of mine) {
      const n = t.tri.getNormal(new THREE.Vector3()), mid = t.tri.getMidpoint(new THREE.Vector3());
      if (t.top === h) expect(n.y).toBeCloseTo(1, 6);
      else expect(n.dot(mid.setY(0).sub(centre))).toBeGreaterThan(0);
    }
    // the light baked in: the roof a shade under the building's colour, the walls facing the south-east sun
    // lighter than those facing away
    const base = new THREE.Color(USE_COLORS[b.use ?? 'residential']);
    const colourOf = (t: number) => m.colors[t * 9]!;
    const ts = triangles(m);
    const roofAt = ts.findIndex((t) => t.owner === b.id && t.top === h);
    expect(colourOf(roofAt) / base.r).toBeCloseTo(0.86, 3);
    const wallFacing = (x: number, z: number) => ts.findIndex((t) => t.owner === b.id && t.top === 0 && t.tri.getNormal(new THREE.Vector3()).dot(new THREE.Vector3(x, 0, z)) > 0.99);
    expect(colourOf(wallFacing(1, 0))).toBeGreaterThan(colourOf(wallFacing(-1, 0))); // east over west
    expect(colourOf(wallFacing(0, 1))).toBeGreaterThan(colourOf(wallFacing(0, -1))); // south over north
  });

  it('draws four verticals, ground and roof rings, and a ring per intermediate floor; an underground space its outline on the street and a ring per level below', () => {
    const { edges, floors } = buildingLines(d);
    expect(below).toHaveLength(1);
    expect(edges.length / 6).toBe(above.length * (4 + 8) + below.length * 4);
    expect(floors.length / 6).toBe(above.reduce((n, b) => n + 4 * (b.floors - 1), 0) + below.reduce((n, b) => n + 4 * b.floors, 0));
  });

  it('puts an underground space below the street, in a mesh of its own: four walls and a floor, from its depth up to the ground', () => {
    const m = undergroundMesh(d);
    const park = below[0]!;
    expect(m.faceOwner).toEqual(new Array(8 + 2).fill(park.id));
    const ys = triangles(m).flatMap((t) => [t.tri.a.y, t.tri.b.y, t.tri.c.y]);
    expect(Math.min(...ys)).toBeCloseTo(-park.floors * park.floorHeight, 5); // float32 positions
    expect(Math.max(...ys)).toBe(0);
    expect(buildingMesh(d).faceOwner).not.toContain(park.id);
  });

  it('lays each street as a strip from node to node, as wide as the road, in one mesh', () => {
    const m = streetMesh(d);
    expect(m.faceOwner).toHaveLength(2 * d.streets.edges.length);
    const e = d.streets.edges[0]!;
    const area = triangles(m).filter((t) => t.owner === e.id).reduce((a, t) => a + t.tri.getArea(), 0);
    expect(area).toBeCloseTo((148 + 20) * 20, 3); // n-w (-210) to n-x1 (-62), 20 m wide, overrunning each end by half the width
  });

  it('fills every courtyard in its colour and bounds the district', () => {
    const m = courtyardMesh(d);
    expect(new Set(m.faceOwner)).toEqual(new Set(d.courtyards.map((c) => c.id)));
    const c = d.courtyards[0]!;
    expect(triangles(m).filter((t) => t.owner === c.id).reduce((a, t) => a + t.tri.getArea(), 0)).toBeCloseTo(c.width * c.depth, 3);
    const b = districtBounds(d);
    expect(b.minX).toBeLessThanOrEqual(-210);
    expect(b.maxX).toBeGreaterThanOrEqual(210);
  });
});

describe('buildings with a real outline', () => {
  // An L-shaped block (an imported one): 30 m along the street, a 10 m wing 20 m deep, 4 floors of 3 m.
  const L = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 30, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 20 }, { x: 0, y: 20 }];
  const withL = { ...d, buildings: [...d.buildings, { ...d.buildings[0]!, id: 'b-l', x: 15, y: 10, width: 30, depth: 20, floors: 4, floorHeight: 3, footprint: [...L].reverse() }] };

  it('extrudes the outline into walls and a roof of its true area, each triangle knowing its building', () => {
    const mine = triangles(buildingMesh(withL)).filter((t) => t.owner === 'b-l');
    expect(mine).toHaveLength(2 * L.length + (L.length - 2)); // two per wall, the roof by earcut
    const roof = mine.filter((t) => t.top === 12).reduce((a, t) => a + t.tri.getArea(), 0);
    expect(roof).toBeCloseTo(30 * 10 + 10 * 10, 6); // the shoelace area of the L
    // coloured by use: a school's roof is green, a shade under full
    const school = buildingMesh({ ...withL, buildings: withL.buildings.map((b) => (b.id === 'b-l' ? { ...b, use: 'school' as const } : b)) });
    const green = new THREE.Color(USE_COLORS.school), at = triangles(school).findIndex((t) => t.owner === 'b-l' && t.top === 12) * 9;
    [green.r, green.g, green.b].forEach((c, k) => expect(school.colors[at + k]).toBeCloseTo(c * 0.86, 6)); // stored as 32-bit floats
    expect(school.colors.length).toBe(school.positions.length);
  });

  it('draws its outline: a vertical at each corner, and the rings along the real shape', () => {
    const before = buildingLines(d), after = buildingLines(withL);
    expect((after.edges.length - before.edges.length) / 6).toBe(L.length + 2 * L.length);
    expect((after.floors.length - before.floors.length) / 6).toBe(L.length * 3);
  });
});

describe('pitched roofs', () => {
  // A 20 × 10 m block of 2 floors (6 m to the eaves), its long sides east–west.
  const block = (roof: 'gabled' | 'hipped') => ({ ...d, buildings: [{ ...d.buildings[0]!, id: 'b-p', footprint: [{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 10 }, { x: 0, y: 10 }], x: 10, y: 5, width: 20, depth: 10, floors: 2, floorHeight: 3, roof }] });
  const above = (roof: 'gabled' | 'hipped') => triangles(buildingMesh(block(roof))).filter((t) => Math.max(t.tri.a.y, t.tri.b.y, t.tri.c.y) > 6);

  it('a gabled roof: two slopes up to a ridge along the long sides, 0.35 × the span high, and a gable wall at each end', () => {
    const roof = above('gabled');
    expect(Math.max(...roof.map((t) => Math.max(t.tri.a.y, t.tri.b.y, t.tri.c.y)))).toBeCloseTo(6 + 3.5, 6);
    const normals = roof.map((t) => t.tri.getNormal(new THREE.Vector3()));
    const slopes = roof.filter((_, i) => normals[i]!.y > 0.01), gables = roof.filter((_, i) => Math.abs(normals[i]!.y) < 1e-6);
    expect(slopes).toHaveLength(4);
    expect(gables).toHaveLength(2);
    expect(slopes.reduce((a, t) => a + t.tri.getArea(), 0)).toBeCloseTo(2 * 20 * Math.hypot(5, 3.5), 6);
    // the slope facing the south-east sun is lighter than the one facing away
    const shade = (t: typeof roof[number]) => { const m = buildingMesh(block('gabled')); const i = triangles(m).findIndex((x) => x.tri.equals(t.tri)); return m.colors[i * 9]!; };
    const [south, north] = [slopes.find((t) => t.tri.getNormal(new THREE.Vector3()).z > 0)!, slopes.find((t) => t.tri.getNormal(new THREE.Vector3()).z < 0)!];
    expect(shade(south)).toBeGreaterThan(shade(north));
    // the gables face out of the ends (west and east), every slope faces up
    for (const g of gables) expect(Math.abs(g.tri.getNormal(new THREE.Vector3()).x)).toBeCloseTo(1, 6);
    expect(gables.map((g) => Math.sign(g.tri.getNormal(new THREE.Vector3()).x) * Math.sign(g.tri.getMidpoint(new THREE.Vector3()).x - 10)).every((v) => v === 1)).toBe(true);
  });

  it('a hipped roof: four slopes, the ridge pulled in by half the span at each end', () => {
    const roof = above('hipped');
    expect(roof).toHaveLength(6);
    expect(roof.every((t) => t.tri.getNormal(new THREE.Vector3()).y > 0.01)).toBe(true);
    const ridge = roof.flatMap((t) => [t.tri.a, t.tri.b, t.tri.c]).filter((v) => Math.abs(v.y - 9.5) < 1e-6).map((v) => v.x);
    expect([Math.min(...ridge), Math.max(...ridge)]).toEqual([5, 15]);
  });
});

describe('courtyards with a real boundary', () => {
  it('fills the boundary with its true area in the courtyard\'s colour and draws its edge', () => {
    const ring = [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 30 }, { x: 20, y: 50 }, { x: 0, y: 30 }];
    const withYard = { ...d, courtyards: [...d.courtyards, { ...d.courtyards[0]!, id: 'cy-real', outline: ring }] };
    const m = courtyardMesh(withYard);
    const a = triangles(m).filter((t) => t.owner === 'cy-real').reduce((n, t) => n + t.tri.getArea(), 0);
    expect(a).toBeCloseTo(40 * 30 + (40 * 20) / 2, 6);
    expect(m.lines.length / 6).toBe(ring.length);
    const withBoundary = { ...d, communities: [{ ...d.communities[0]!, outline: ring }] };
    expect(communityLines(withBoundary).length / 6).toBe(ring.length);
    expect(communityLines(d)).toHaveLength(0);
  });
});
