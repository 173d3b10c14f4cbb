// District data → the few buffers the city is drawn from: merged meshes for buildings, courtyards and
// streets, merged line segments for building edges and floor slabs, instance transforms for small point
// assets. Pure, so it is unit-tested.
import earcut from 'earcut';
import * as THREE from 'three';
import { boxCorners, type District } from '../../twin-assets/districtSchema';
import { toScene } from './coords';

/** Transforms (and colours) of a small asset repeated at points: hydrants, manholes, stations. */
export interface Instances { matrices: THREE.Matrix4[]; colors?: THREE.Color[] }

const m = () => new THREE.Matrix4();

/** Buildings coloured by use: homes in the twin's grey, shops warm, schools green, building sites amber, public ones
 * teal. Never red: that says a building is in alarm (buildingTint.ts). */
export const USE_COLORS: Record<string, string> = {
  residential: '#c9d1d9', shop: '#f0b37e', school: '#7ee787', office: '#79c0ff', industrial: '#a5a5a5', construction_site: '#e3b341', public: '#56d4dd', parking: '#8b949e', other: '#c9d1d9',
};
const useColor = (b: District['buildings'][number]) => new THREE.Color(USE_COLORS[b.use ?? 'residential'] ?? USE_COLORS.other);

/** A building's outline on the ground, counter-clockwise. */
export function outlineOf(b: District['buildings'][number]): { x: number; y: number }[] {
  const pts = b.footprint;
  const signed = pts.reduce((s, p, i) => { const q = pts[(i + 1) % pts.length]!; return s + p.x * q.y - q.x * p.y; }, 0);
  return signed < 0 ? [...pts].reverse() : pts;
}

/** Light baked into the colours (the city does not move, nor does the sun): roofs a shade under full, each wall
 * by how squarely it faces the light from the south-east, so a block reads as a solid with no lighting
 * computed per pixel (which software WebGL pays for on every one of them). */
const ROOF_SHADE = 0.86;
const SUN = new THREE.Vector3(0.4, 0, 0.3).normalize();
const wallShade = (n: THREE.Vector3) => 0.55 + 0.4 * Math.max(0, n.dot(SUN));
/** A pitched roof's slopes by how they face the sun (high in the south-east), a flat roof's shade as the reference. */
const SUN_HIGH = new THREE.Vector3(0.4, 1, 0.3).normalize();
const slopeShade = (n: THREE.Vector3) => ROOF_SHADE * (0.55 + (0.45 * Math.max(0, n.dot(SUN_HIGH))) / SUN_HIGH.y);

/** A flat mesh: positions and a colour per vertex, with, for a click, whose each triangle is. */
export interface Merged { positions: Float32Array; colors: Float32Array; faceOwner: string[] }

function merged() {
  const pos: number[] = [], col: number[] = [], faceOwner: string[] = [];
  return {
    tri(owner: string, c: THREE.Color, a: number[], b: number[], d: number[]) { pos.push(...a, ...b, ...d); for (let k = 0; k < 3; k++) col.push(c.r, c.g, c.b); faceOwner.push(owner); },
    done: (): Merged => ({ positions: new Float32Array(pos), colors: new Float32Array(col), faceOwner }),
  };
}

/** Every building extruded from its footprint to its height (walls, and the roof triangulated by earcut),
 * merged into one buffer: one draw call however many buildings (instancing costs a draw per instance in
 * software WebGL). Coloured by use, shaded by the light baked in. */
export function buildingMesh(d: District): Merged {
  const m = merged();
  // South first: the default view looks north, so nearer buildings are drawn before those they hide, and the
  // depth test spares the hidden ones' pixels.
  for (const b of [...d.buildings].filter((x) => !x.underground).sort((p, q) => p.y - q.y)) {
    const base = useColor(b), roof = base.clone().multiplyScalar(ROOF_SHADE);
    const ring = outlineOf(b), top = b.floors * b.floorHeight;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!, q = ring[(i + 1) % ring.length]!;
      const p0 = toScene(p.x, p.y, 0), q0 = toScene(q.x, q.y, 0), p1 = toScene(p.x, p.y, top), q1 = toScene(q.x, q.y, top);
      // outward, in the scene frame (x east, z south): the ring runs counter-clockwise seen from above
      const wall = base.clone().multiplyScalar(wallShade(new THREE.Vector3(q.y - p.y, 0, q.x - p.x).normalize()));
      m.tri(b.id, wall, p0, q0, q1); m.tri(b.id, wall, p0, q1, p1);
    }
    if (b.roof !== 'flat' && ring.length === 4) { pitchedRoof(m, b, ring, top, base); continue; }
    for (const [a, c, e] of flatTriangles(ring, top)) m.tri(b.id, roof, a, c, e);
  }
  return m.done();
}

/** A gabled or hipped roof on a four-cornered footprint: the ridge runs along the longer sides, at the roof's
 * height over the eaves; a gable closes each end as wall, a hip slopes back from it. */
function pitchedRoof(m: ReturnType<typeof merged>, b: District['buildings'][number], ring: { x: number; y: number }[], top: number, base: THREE.Color) {
  const len = (i: number) => Math.hypot(ring[(i + 1) % 4]!.x - ring[i]!.x, ring[(i + 1) % 4]!.y - ring[i]!.y);
  // s: the first of the two shorter (end) sides; the ridge joins their midpoints.
  const s = len(0) + len(2) <= len(1) + len(3) ? 0 : 1;
  const [p0, p1, p2, p3] = [0, 1, 2, 3].map((k) => ring[(s + k) % 4]!) as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
  const span = (len(s) + len(s + 2)) / 2;
  const rise = b.roofHeightM ?? 0.35 * span;
  const mid = (a: { x: number; y: number }, c: { x: number; y: number }) => ({ x: (a.x + c.x) / 2, y: (a.y + c.y) / 2 });
  let r0 = mid(p0, p1), r1 = mid(p2, p3);
  if (b.roof === 'hipped') {
    // The ridge pulled in from each end by half the span (a 45° hip in plan), at least to its middle.
    const d = Math.hypot(r1.x - r0.x, r1.y - r0.y), k = Math.min(0.5, span / 2 / Math.max(d, 1e-6));
    [r0, r1] = [{ x: r0.x + (r1.x - r0.x) * k, y: r0.y + (r1.y - r0.y) * k }, { x: r1.x + (r0.x - r1.x) * k, y: r1.y + (r0.y - r1.y) * k }];
  }
  const at = (p: { x: number; y: number }, z: number) => toScene(p.x, p.y, z);
  const [e0, e1, e2, e3, q0, q1] = [at(p0, top), at(p1, top), at(p2, top), at(p3, top), at(r0, top + rise), at(r1, top + rise)];
  // Each face shaded by where it faces: a slope as roof, a gable (vertical) as wall.
  const face = (a: number[], c: number[], e: number[]) => {
    const n = new THREE.Triangle(new THREE.Vector3(...a), new THREE.Vector3(...c), new THREE.Vector3(...e)).getNormal(new THREE.Vector3());
    m.tri(b.id, base.clone().multiplyScalar(Math.abs(n.y) < 1e-6 ? wallShade(n) : slopeShade(n)), a, c, e);
  };
  // the long slopes, p1→p2 and p3→p0, each up to the ridge; then the ends, p0→p1 and p2→p3
  face(e1, e2, q1); face(e1, q1, q0);
  face(e3, e0, q0); face(e3, q0, q1);
  face(e0, e1, q0); face(e2, e3, q1);
}

/** Building outlines (real or boxed) as LineSegments buffers: `edges` (verticals, ground and roof rings) and
 * `floors` (a ring at every intermediate floor), kept apart so floors can be drawn only up close. */
/** The underground structures (car parks, metro stations): their walls, floor and ceiling below the street, in
 * one mesh the scene shows through the ground when cutting away. */
export function undergroundMesh(d: District): Merged {
  const m = merged();
  for (const b of d.buildings.filter((x) => x.underground)) {
    const colour = useColor(b), bottom = -b.floors * b.floorHeight;
    const ring = outlineOf(b);
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!, q = ring[(i + 1) % ring.length]!;
      const p0 = toScene(p.x, p.y, bottom), q0 = toScene(q.x, q.y, bottom), p1 = toScene(p.x, p.y, 0), q1 = toScene(q.x, q.y, 0);
      m.tri(b.id, colour, p0, q0, q1); m.tri(b.id, colour, p0, q1, p1);
    }
    for (const [a, c, e] of flatTriangles(ring, bottom)) m.tri(b.id, colour.clone().multiplyScalar(ROOF_SHADE), a, c, e);
  }
  return m.done();
}

export function buildingLines(d: District): { edges: Float32Array; floors: Float32Array } {
  const edges: number[] = [];
  const floors: number[] = [];
  for (const b of d.buildings) {
    const corners = outlineOf(b);
    // An underground structure: its outline on the street, and its levels below it.
    if (b.underground) {
      ringSegments(edges, corners, 0.05);
      for (let f = 1; f <= b.floors; f++) ringSegments(floors, corners, -f * b.floorHeight);
      continue;
    }
    const top = b.floors * b.floorHeight;
    for (const { x, y } of corners) edges.push(...toScene(x, y, 0), ...toScene(x, y, top));
    for (let f = 0; f <= b.floors; f++) ringSegments(f === 0 || f === b.floors ? edges : floors, corners, f * b.floorHeight);
  }
  return { edges: new Float32Array(edges), floors: new Float32Array(floors) };
}

const COURTYARD_COLORS: Record<string, string> = {
  old_courtyard: '#3b3324', estate: '#24343b', construction_site: '#4a3b1f', street: '#2a2d31', station: '#2b2440',
};

/** A closed ring's edges as line segments at height z, appended to `out`. */
function ringSegments(out: number[], ring: { x: number; y: number }[], z: number): void {
  ring.forEach((p, i) => { const q = ring[(i + 1) % ring.length]!; out.push(...toScene(p.x, p.y, z), ...toScene(q.x, q.y, z)); });
}

/** A flat polygon at height z as triangles (earcut), each three scene-frame corners. */
export function flatTriangles(ring: { x: number; y: number }[], z: number): [number[], number[], number[]][] {
  const idx = earcut(ring.flatMap((p) => [p.x, p.y]));
  const at = (k: number) => toScene(ring[idx[k]!]!.x, ring[idx[k]!]!.y, z);
  const out: [number[], number[], number[]][] = [];
  for (let k = 0; k < idx.length; k += 3) out.push([at(k), at(k + 1), at(k + 2)]);
  return out;
}

/** Community boundaries as line segments, raised a little over the ground. */
export function communityLines(d: District): Float32Array {
  const out: number[] = [];
  for (const c of d.communities) if (c.outline) ringSegments(out, c.outline, 0.3);
  return new Float32Array(out);
}

/** Every courtyard as one flat coloured mesh (its boundary, else its box; earcut), and the boundary lines of
 * those with a real one. */
export function courtyardMesh(d: District): Merged & { lines: Float32Array } {
  const m = merged(), lines: number[] = [];
  for (const c of d.courtyards) {
    const ring = c.outline ?? boxCorners(c.x, c.y, c.width, c.depth), colour = new THREE.Color(COURTYARD_COLORS[c.kind] ?? '#333');
    for (const [a, b, e] of flatTriangles(ring, 0.02)) m.tri(c.id, colour, a, b, e);
    if (c.outline) ringSegments(lines, ring, 0.05);
  }
  return { ...m.done(), lines: new Float32Array(lines) };
}

/** Every street edge as a flat strip from node to node (its width, overrunning each end by half of it, so
 * strips meet at corners), merged into one mesh. */
export function streetMesh(d: District): Merged {
  const nodes = new Map(d.streets.nodes.map((n) => [n.id, n]));
  const m = merged();
  const main = new THREE.Color('#3a4048'), side = new THREE.Color('#30353b');
  for (const e of d.streets.edges) {
    const a = nodes.get(e.from)!, b = nodes.get(e.to)!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const [ux, uy] = [(b.x - a.x) / len, (b.y - a.y) / len], h = e.widthM / 2;
    const [nx, ny] = [-uy * h, ux * h];
    const p = (x: number, y: number) => toScene(x, y, 0.01);
    const [a1, a2, b1, b2] = [p(a.x - ux * h + nx, a.y - uy * h + ny), p(a.x - ux * h - nx, a.y - uy * h - ny), p(b.x + ux * h + nx, b.y + uy * h + ny), p(b.x + ux * h - nx, b.y + uy * h - ny)];
    const c = e.widthM > 12 ? main : side;
    m.tri(e.id, c, a1, a2, b2); m.tri(e.id, c, a1, b2, b1);
  }
  return m.done();
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
