// District data → the few buffers the city is drawn from: instance transforms for boxes and
// planes, merged line segments for building edges and floor slabs. Pure, so it is unit-tested.
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import { toScene } from './coords';

export interface Instances { matrices: THREE.Matrix4[]; colors?: THREE.Color[] }

const m = () => new THREE.Matrix4();
const up = new THREE.Vector3(0, 1, 0);

/** A unit box (1 × 1 × 1, centred) per building, scaled to its footprint and height. */
export function buildingInstances(d: District): Instances {
  return {
    matrices: d.buildings.map((b) => {
      const h = b.floors * b.floorHeight;
      return m().compose(new THREE.Vector3(...toScene(b.x, b.y, h / 2)), new THREE.Quaternion(), new THREE.Vector3(b.width, h, b.depth));
    }),
  };
}

/** Building outlines as LineSegments buffers: `edges` (verticals, ground and roof rings) and
 * `floors` (a ring at every intermediate floor), kept apart so floors can be drawn only up close. */
export function buildingLines(d: District): { edges: Float32Array; floors: Float32Array } {
  const edges: number[] = [];
  const floors: number[] = [];
  for (const b of d.buildings) {
    const x0 = b.x - b.width / 2, x1 = b.x + b.width / 2, y0 = b.y - b.depth / 2, y1 = b.y + b.depth / 2;
    const corners: [number, number][] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    const top = b.floors * b.floorHeight;
    for (const [x, y] of corners) edges.push(...toScene(x, y, 0), ...toScene(x, y, top));
    for (let f = 0; f <= b.floors; f++) {
      const out = f === 0 || f === b.floors ? edges : floors;
      const z = f * b.floorHeight;
      for (let k = 0; k < 4; k++) out.push(...toScene(...corners[k]!, z), ...toScene(...corners[(k + 1) % 4]!, z));
    }
  }
  return { edges: new Float32Array(edges), floors: new Float32Array(floors) };
}

const COURTYARD_COLORS: Record<string, string> = {
  old_courtyard: '#3b3324', estate: '#24343b', construction_site: '#4a3b1f', street: '#2a2d31', station: '#2b2440',
};

/** A unit plane (XZ) per courtyard, coloured by kind. */
export function courtyardInstances(d: District): Instances {
  return {
    matrices: d.courtyards.map((c) => m().compose(new THREE.Vector3(...toScene(c.x, c.y, 0.02)), new THREE.Quaternion(), new THREE.Vector3(c.width, 1, c.depth))),
    colors: d.courtyards.map((c) => new THREE.Color(COURTYARD_COLORS[c.kind] ?? '#333')),
  };
}

/** A flat unit box per street edge, laid from node to node. */
export function streetInstances(d: District): Instances {
  const nodes = new Map(d.streets.nodes.map((n) => [n.id, n]));
  return {
    matrices: d.streets.edges.map((e) => {
      const a = nodes.get(e.from)!, b = nodes.get(e.to)!;
      const len = Math.hypot(b.x - a.x, b.y - a.y) + e.widthM;
      const angle = Math.atan2(-(b.y - a.y), b.x - a.x); // scene z runs south
      return m().compose(new THREE.Vector3(...toScene((a.x + b.x) / 2, (a.y + b.y) / 2, 0.01)),
        new THREE.Quaternion().setFromAxisAngle(up, -angle), new THREE.Vector3(len, 0.02, e.widthM));
    }),
    colors: d.streets.edges.map((e) => new THREE.Color(e.widthM > 12 ? '#3a4048' : '#30353b')),
  };
}

/** Point assets as unit-sized instances at their position, raised by `lift`. */
export function pointInstances(points: { x: number; y: number }[], size: [number, number, number], lift = 0): Instances {
  return { matrices: points.map((p) => m().compose(new THREE.Vector3(...toScene(p.x, p.y, lift + size[1] / 2)), new THREE.Quaternion(), new THREE.Vector3(...size))) };
}

/** The district's extent in metres from the origin, for the camera and the overview map. */
export function districtBounds(d: District) {
  const xs = [...d.courtyards.flatMap((c) => [c.x - c.width / 2, c.x + c.width / 2]), ...d.streets.nodes.map((n) => n.x)];
  const ys = [...d.courtyards.flatMap((c) => [c.y - c.depth / 2, c.y + c.depth / 2]), ...d.streets.nodes.map((n) => n.y)];
  const b = { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
  return { ...b, extent: Math.max(b.maxX - b.minX, b.maxY - b.minY, 100) };
}
