import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { bundledIndex } from '../../test/helpers/fixtures';
import { buildingInstances, buildingLines, courtyardInstances, districtBounds, streetInstances } from './cityGeometry';

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
