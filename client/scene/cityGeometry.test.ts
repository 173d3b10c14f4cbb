import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { bundledIndex } from '../../test/helpers/fixtures';
import { USE_COLORS, buildingInstances, buildingLines, communityLines, courtyardInstances, courtyardOutlines, districtBounds, footprintMesh, streetInstances } from './cityGeometry';

const d = bundledIndex().district;

describe('city geometry', () => {
  it('one instance per building, scaled to footprint and height', () => {
    const { matrices } = buildingInstances(d);
    expect(matrices).toHaveLength(d.buildings.length);
    const pos = new THREE.Vector3(), scale = new THREE.Vector3();
    matrices[0]!.decompose(pos, new THREE.Quaternion(), scale);
    const b = d.buildings[0]!;
    expect([scale.x, scale.y, scale.z]).toEqual([b.width, b.floors * b.floorHeight, b.depth]);
    expect([pos.x, pos.y, pos.z]).toEqual([b.x, (b.floors * b.floorHeight) / 2, -b.y]);
  });

  it('draws four verticals, ground and roof rings, and a ring per intermediate floor', () => {
    const { edges, floors } = buildingLines(d);
    expect(edges.length / 6).toBe(d.buildings.length * (4 + 8));
    expect(floors.length / 6).toBe(d.buildings.reduce((n, b) => n + 4 * (b.floors - 1), 0));
  });

  it('lays each street from node to node', () => {
    const { matrices } = streetInstances(d);
    expect(matrices).toHaveLength(d.streets.edges.length);
    const scale = new THREE.Vector3();
    matrices[0]!.decompose(new THREE.Vector3(), new THREE.Quaternion(), scale);
    expect(scale.x).toBeCloseTo(148 + 20); // n-w (-210) to n-x1 (-62), plus the road width
  });

  it('colours courtyards and bounds the district', () => {
    expect(courtyardInstances(d).colors).toHaveLength(d.courtyards.length);
    const b = districtBounds(d);
    expect(b.minX).toBeLessThanOrEqual(-210);
    expect(b.maxX).toBeGreaterThanOrEqual(210);
  });
});

describe('buildings with a real outline', () => {
  // An L-shaped block (an imported one): 30 m along the street, a 10 m wing 20 m deep, 4 floors of 3 m.
  const L = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 30, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 20 }, { x: 0, y: 20 }];
  const withL = { ...d, buildings: [...d.buildings, { ...d.buildings[0]!, id: 'b-l', x: 15, y: 10, width: 30, depth: 20, floors: 4, floorHeight: 3, footprint: [...L].reverse() }] };

  it('extrudes the outline into walls and a roof of its true area, in one buffer, each triangle knowing its building', () => {
    const { positions, faceBuilding } = footprintMesh(withL);
    expect(faceBuilding.every((id) => id === 'b-l')).toBe(true);
    expect(faceBuilding).toHaveLength(2 * L.length + (L.length - 2)); // two per wall, the roof by earcut
    let roof = 0;
    for (let t = 0; t < faceBuilding.length; t++) {
      const v = [0, 1, 2].map((k) => new THREE.Vector3(positions[t * 9 + k * 3], positions[t * 9 + k * 3 + 1], positions[t * 9 + k * 3 + 2]));
      if (v.every((p) => p.y === 12)) roof += new THREE.Triangle(v[0], v[1], v[2]).getArea();
    }
    expect(roof).toBeCloseTo(30 * 10 + 10 * 10, 6); // the shoelace area of the L
    // boxes are for the others only
    expect(buildingInstances(withL).ids).toEqual(d.buildings.map((b) => b.id));
    // coloured by use: a school's walls and roof are green
    const school = footprintMesh({ ...withL, buildings: withL.buildings.map((b) => (b.id === 'b-l' ? { ...b, use: 'school' as const } : b)) });
    const green = new THREE.Color(USE_COLORS.school);
    [green.r, green.g, green.b].forEach((c, k) => expect(school.colors[k]).toBeCloseTo(c, 6)); // stored as 32-bit floats
    expect(school.colors.length).toBe(school.positions.length);
  });

  it('draws its outline: a vertical at each corner, and the rings along the real shape', () => {
    const before = buildingLines(d), after = buildingLines(withL);
    expect((after.edges.length - before.edges.length) / 6).toBe(L.length + 2 * L.length);
    expect((after.floors.length - before.floors.length) / 6).toBe(L.length * 3);
  });
});

describe('courtyards with a real boundary', () => {
  it('fills the boundary with its true area in the courtyard\'s colour and draws its edge; boxes for the rest', () => {
    const ring = [{ x: 0, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 30 }, { x: 20, y: 50 }, { x: 0, y: 30 }];
    const withYard = { ...d, courtyards: [...d.courtyards, { ...d.courtyards[0]!, id: 'cy-real', outline: ring }] };
    const { positions, lines } = courtyardOutlines(withYard);
    let a = 0;
    for (let t = 0; t < positions.length / 9; t++) {
      const v = [0, 1, 2].map((k) => new THREE.Vector3(positions[t * 9 + k * 3], positions[t * 9 + k * 3 + 1], positions[t * 9 + k * 3 + 2]));
      a += new THREE.Triangle(v[0], v[1], v[2]).getArea();
    }
    expect(a).toBeCloseTo(40 * 30 + (40 * 20) / 2, 6);
    expect(lines.length / 6).toBe(ring.length);
    expect(courtyardInstances(withYard).matrices).toHaveLength(d.courtyards.length);
    const withBoundary = { ...d, communities: [{ ...d.communities[0]!, outline: ring }] };
    expect(communityLines(withBoundary).length / 6).toBe(ring.length);
    expect(communityLines(d)).toHaveLength(0);
  });
});
