// District data → the few buffers the city is drawn from: instance transforms for boxes and
// planes, merged line segments for building edges and floor slabs. Pure, so it is unit-tested.
import earcut from 'earcut';
import * as THREE from 'three';
import type { District } from '../../twin-assets/districtSchema';
import { toScene } from './coords';

/** `ids`: what each instance is (a building's id), when a click on it should say. */
export interface Instances { matrices: THREE.Matrix4[]; colors?: THREE.Color[]; ids?: string[] }

const m = () => new THREE.Matrix4();
const up = new THREE.Vector3(0, 1, 0);

/** Buildings coloured by use: homes in the twin's grey, shops warm, schools green, building sites amber. */
export const USE_COLORS: Record<string, string> = {
  residential: '#c9d1d9', shop: '#f0b37e', school: '#7ee787', office: '#79c0ff', industrial: '#a5a5a5', construction_site: '#e3b341', public: '#ff7b72', other: '#c9d1d9',
};
const useColor = (b: District['buildings'][number]) => new THREE.Color(USE_COLORS[b.use ?? 'residential'] ?? USE_COLORS.other);

/** A unit box (1 × 1 × 1, centred) per building without a real outline, scaled to its box and height. */
export function buildingInstances(d: District): Instances {
  const boxes = d.buildings.filter((b) => !b.footprint);
  return {
    ids: boxes.map((b) => b.id),
    colors: boxes.map(useColor),
    matrices: boxes.map((b) => {
      const h = b.floors * b.floorHeight;
      return m().compose(new THREE.Vector3(...toScene(b.x, b.y, h / 2)), new THREE.Quaternion(), new THREE.Vector3(b.width, h, b.depth));
    }),
  };
}

/** A building's outline on the ground, counter-clockwise: its real footprint, or its box. */
export function outlineOf(b: District['buildings'][number]): { x: number; y: number }[] {
  const pts = b.footprint ?? [{ x: b.x - b.width / 2, y: b.y - b.depth / 2 }, { x: b.x + b.width / 2, y: b.y - b.depth / 2 }, { x: b.x + b.width / 2, y: b.y + b.depth / 2 }, { x: b.x - b.width / 2, y: b.y + b.depth / 2 }];
  const signed = pts.reduce((s, p, i) => { const q = pts[(i + 1) % pts.length]!; return s + p.x * q.y - q.x * p.y; }, 0);
  return signed < 0 ? [...pts].reverse() : pts;
}

/** Every building with a real outline, extruded to its height (walls, and the roof triangulated by earcut),
 * merged into one buffer: one draw call. `faceBuilding` says whose each triangle is, for a click. */
export function footprintMesh(d: District): { positions: Float32Array; colors: Float32Array; faceBuilding: string[] } {
  const pos: number[] = [], col: number[] = [];
  const faceBuilding: string[] = [];
  let colour = new THREE.Color();
  const tri = (id: string, a: number[], b: number[], c: number[]) => { pos.push(...a, ...b, ...c); for (let k = 0; k < 3; k++) col.push(colour.r, colour.g, colour.b); faceBuilding.push(id); };
  for (const b of d.buildings) {
    if (!b.footprint) continue;
    colour = useColor(b);
    const ring = outlineOf(b), top = b.floors * b.floorHeight;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!, q = ring[(i + 1) % ring.length]!;
      const p0 = toScene(p.x, p.y, 0), q0 = toScene(q.x, q.y, 0), p1 = toScene(p.x, p.y, top), q1 = toScene(q.x, q.y, top);
      tri(b.id, p0, q0, q1); tri(b.id, p0, q1, p1);
    }
    const idx = earcut(ring.flatMap((p) => [p.x, p.y]));
    for (let k = 0; k < idx.length; k += 3) {
      const [a, c, e] = [ring[idx[k]!]!, ring[idx[k + 1]!]!, ring[idx[k + 2]!]!];
      tri(b.id, toScene(a.x, a.y, top), toScene(c.x, c.y, top), toScene(e.x, e.y, top));
    }
  }
  return { positions: new Float32Array(pos), colors: new Float32Array(col), faceBuilding };
}

/** Building outlines (real or boxed) as LineSegments buffers: `edges` (verticals, ground and roof rings) and
 * `floors` (a ring at every intermediate floor), kept apart so floors can be drawn only up close. */
export function buildingLines(d: District): { edges: Float32Array; floors: Float32Array } {
  const edges: number[] = [];
  const floors: number[] = [];
  for (const b of d.buildings) {
    const corners = outlineOf(b), n = corners.length;
    const top = b.floors * b.floorHeight;
    for (const { x, y } of corners) edges.push(...toScene(x, y, 0), ...toScene(x, y, top));
    for (let f = 0; f <= b.floors; f++) {
      const out = f === 0 || f === b.floors ? edges : floors;
      const z = f * b.floorHeight;
      for (let k = 0; k < n; k++) out.push(...toScene(corners[k]!.x, corners[k]!.y, z), ...toScene(corners[(k + 1) % n]!.x, corners[(k + 1) % n]!.y, z));
    }
  }
  return { edges: new Float32Array(edges), floors: new Float32Array(floors) };
}

const COURTYARD_COLORS: Record<string, string> = {
  old_courtyard: '#3b3324', estate: '#24343b', construction_site: '#4a3b1f', street: '#2a2d31', station: '#2b2440',
};

/** A unit plane (XZ) per courtyard, coloured by kind. */
export function courtyardInstances(d: District): Instances {
  const boxes = d.courtyards.filter((c) => !c.outline);
  return {
    matrices: boxes.map((c) => m().compose(new THREE.Vector3(...toScene(c.x, c.y, 0.02)), new THREE.Quaternion(), new THREE.Vector3(c.width, 1, c.depth))),
    colors: boxes.map((c) => new THREE.Color(COURTYARD_COLORS[c.kind] ?? '#333')),
  };
}

/** Community boundaries as line segments, raised a little over the ground. */
export function communityLines(d: District): Float32Array {
  const out: number[] = [];
  for (const c of d.communities) c.outline?.forEach((p, i, ring) => { const q = ring[(i + 1) % ring.length]!; out.push(...toScene(p.x, p.y, 0.3), ...toScene(q.x, q.y, 0.3)); });
  return new Float32Array(out);
}

/** Courtyards with a real boundary, as one flat coloured mesh (earcut) and their boundary lines. */
export function courtyardOutlines(d: District): { positions: Float32Array; colors: Float32Array; lines: Float32Array } {
  const pos: number[] = [], col: number[] = [], lines: number[] = [];
  for (const c of d.courtyards) {
    if (!c.outline) continue;
    const ring = c.outline, colour = new THREE.Color(COURTYARD_COLORS[c.kind] ?? '#333');
    const idx = earcut(ring.flatMap((p) => [p.x, p.y]));
    for (const i of idx) { pos.push(...toScene(ring[i]!.x, ring[i]!.y, 0.02)); col.push(colour.r, colour.g, colour.b); }
    ring.forEach((p, i) => { const q = ring[(i + 1) % ring.length]!; lines.push(...toScene(p.x, p.y, 0.05), ...toScene(q.x, q.y, 0.05)); });
  }
  return { positions: new Float32Array(pos), colors: new Float32Array(col), lines: new Float32Array(lines) };
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
