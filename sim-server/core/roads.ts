// Travel time over the street graph. Each resource's times to every node are computed once (Dijkstra),
// so planning for an alarm is a lookup, even in an alarm flood.
import type { District } from '../../twin-assets/districtSchema';

export interface RoadGraph { x: Float64Array; y: Float64Array; adj: { to: number; lengthM: number; speedKph: number; edgeId: string }[][]; ids: string[]; blocked: Set<string> }

export function buildRoadGraph(d: District): RoadGraph {
  const ids = d.streets.nodes.map((n) => n.id);
  const at = new Map(ids.map((id, i) => [id, i]));
  const g: RoadGraph = { ids, x: Float64Array.from(d.streets.nodes, (n) => n.x), y: Float64Array.from(d.streets.nodes, (n) => n.y), adj: ids.map(() => []), blocked: new Set() };
  for (const e of d.streets.edges) {
    const a = at.get(e.from)!, b = at.get(e.to)!;
    const lengthM = Math.hypot(g.x[b]! - g.x[a]!, g.y[b]! - g.y[a]!);
    g.adj[a]!.push({ to: b, lengthM, speedKph: e.speedKph, edgeId: e.id });
    g.adj[b]!.push({ to: a, lengthM, speedKph: e.speedKph, edgeId: e.id });
  }
  return g;
}

export function nearestNode(g: RoadGraph, x: number, y: number): number {
  let best = -1, bestD = Infinity;
  for (let i = 0; i < g.ids.length; i++) {
    const d = (g.x[i]! - x) ** 2 + (g.y[i]! - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  }
  return best;
}

/** Seconds from a node to every node, at the road's speed but never faster than `maxKph`; `prev`, when
 * given, receives each node's predecessor on its fastest route. */
export function travelSeconds(g: RoadGraph, from: number, maxKph: number, prev?: Int32Array): Float64Array {
  const dist = new Float64Array(g.ids.length).fill(Infinity);
  dist[from] = 0;
  prev?.fill(-1);
  const heap: [number, number][] = [[0, from]];
  const push = (item: [number, number]) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) { const p = (i - 1) >> 1; if (heap[p]![0] <= heap[i]![0]) break; [heap[p], heap[i]] = [heap[i]!, heap[p]!]; i = p; }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!, last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!]; i = m;
      }
    }
    return top;
  };
  while (heap.length) {
    const [d, u] = pop();
    if (d > dist[u]!) continue;
    for (const e of g.adj[u]!) {
      if (g.blocked.has(e.edgeId)) continue; // a blocked lane: cars and carts go round
      const nd = d + e.lengthM / (Math.min(e.speedKph, maxKph) / 3.6);
      if (nd < dist[e.to]!) { dist[e.to] = nd; if (prev) prev[e.to] = u; push([nd, e.to]); }
    }
  }
  return dist;
}

/** Off-road legs (to and from the nearest node) are walked. */
export const WALK_MPS = 1.4;

/** The nodes of the fastest route from one node to another (both included); empty when none. */
export function routeNodes(g: RoadGraph, from: number, to: number, maxKph: number): number[] {
  const prev = new Int32Array(g.ids.length);
  if (!Number.isFinite(travelSeconds(g, from, maxKph, prev)[to]!)) return [];
  const path = [to];
  while (path[0] !== from) path.unshift(prev[path[0]!]!);
  return path;
}
