// Where the responders are, decided by the server: one rapier kinematic character controller each,
// colliding with the buildings, moving along the street graph at walking or driving speed toward a
// destination the player asked for. Players ask; only this moves them. District (x, y) is rapier (x, z).
import RAPIER from '@dimforge/rapier3d-compat';
import type { District } from '../../twin-assets/districtSchema';
import type { Text } from '../../twin-assets/labels';
import { rapierReady } from '../../scenarios/physics';
import { buildRoadGraph, nearestNode, routeNodes, WALK_MPS, type RoadGraph } from '../core/roads';

export type Travel = 'walk' | 'drive';
export const DRIVE_MPS = 30 / 3.6; // a fire motorbike or an ambulance in a narrow old street
const RADIUS = 0.3, HALF_HEIGHT = 0.6;
/** A destination this close is walked straight to, without the streets. */
const DIRECT_M = 40;
/** No destination beyond the district's streets by more than this. */
const MARGIN_M = 200;

interface Avatar { body: RAPIER.RigidBody; collider: RAPIER.Collider; travel: Travel; route: { x: number; y: number; mps: number }[]; stuck: number }

export class AvatarWorld {
  private world: RAPIER.World;
  private controller: RAPIER.KinematicCharacterController;
  private readonly avatars = new Map<string, Avatar>();
  private readonly graph: RoadGraph;
  private readonly bounds: { minX: number; maxX: number; minY: number; maxY: number };
  /** Colliders added since the last physics step. */
  private dirty = true;

  static async create(district: District): Promise<AvatarWorld> {
    await rapierReady();
    return new AvatarWorld(district);
  }

  private constructor(readonly district: District) {
    this.world = new RAPIER.World({ x: 0, y: -9.81, z: 0 });
    for (const b of district.buildings) {
      const h = (b.floors * b.floorHeight) / 2;
      this.world.createCollider(RAPIER.ColliderDesc.cuboid(b.width / 2, h, b.depth / 2).setTranslation(b.x, h, b.y));
    }
    this.controller = makeController(this.world);
    this.graph = buildRoadGraph(district);
    const xs = [...district.streets.nodes.map((n) => n.x), ...district.buildings.map((b) => b.x)];
    const ys = [...district.streets.nodes.map((n) => n.y), ...district.buildings.map((b) => b.y)];
    this.bounds = { minX: Math.min(...xs) - MARGIN_M, maxX: Math.max(...xs) + MARGIN_M, minY: Math.min(...ys) - MARGIN_M, maxY: Math.max(...ys) + MARGIN_M };
  }

  /** For a drill's kernel snapshot: rapier's own snapshot of the world (bodies, colliders, its broad phase), and
   * each figure by its body's and collider's handles. The street graph is the district's; its blocked lanes are kept. */
  saveState() {
    const avatars = [...this.avatars.entries()].map(([id, { body, collider, ...a }]) => ({ id, body: body.handle, collider: collider.handle, ...a }));
    return { world: this.world.takeSnapshot(), avatars, blocked: this.graph.blocked, dirty: this.dirty };
  }

  loadState(s: ReturnType<AvatarWorld['saveState']>): void {
    this.world.free();
    this.world = RAPIER.World.restoreSnapshot(s.world);
    this.controller = makeController(this.world);
    this.avatars.clear();
    for (const { id, body, collider, ...a } of s.avatars) this.avatars.set(id, { body: this.world.getRigidBody(body), collider: this.world.getCollider(collider), ...a });
    this.graph.blocked = s.blocked;
    this.dirty = s.dirty;
  }

  add(id: string, x: number, y: number, travel: Travel): void {
    if (this.avatars.has(id)) return;
    this.dirty = true;
    const body = this.world.createRigidBody(RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(x, HALF_HEIGHT + RADIUS, y));
    const collider = this.world.createCollider(RAPIER.ColliderDesc.capsule(HALF_HEIGHT, RADIUS), body);
    this.avatars.set(id, { body, collider, travel, route: [], stuck: 0 });
  }

  /** A player who left before the drill began: their figure leaves the world too. */
  remove(id: string): void {
    const a = this.avatars.get(id);
    if (!a) return;
    this.world.removeRigidBody(a.body); // and its collider with it
    this.avatars.delete(id);
    this.dirty = true;
  }

  has(id: string): boolean { return this.avatars.has(id); }

  position(id: string): { x: number; y: number } | null {
    const a = this.avatars.get(id);
    if (!a) return null;
    const t = a.body.translation();
    return { x: t.x, y: t.z };
  }

  moving(id: string): boolean { return (this.avatars.get(id)?.route.length ?? 0) > 0; }

  /** Plans a route to (x, y): to the nearest street, along the streets, then on foot. */
  moveTo(id: string, x: number, y: number): { ok: true; etaS: number } | { ok: false; reason: Text } {
    const a = this.avatars.get(id);
    if (!a) return { ok: false, reason: { en: 'you have no place in the twin (trainers and observers do not move)', zh: '你在场景中没有位置（教官和观察员不移动）' } };
    if (!Number.isFinite(x) || !Number.isFinite(y)) return { ok: false, reason: { en: 'a destination needs numbers x and y', zh: '目的地需要数值坐标 x 和 y' } };
    const { minX, maxX, minY, maxY } = this.bounds;
    if (x < minX || x > maxX || y < minY || y > maxY) return { ok: false, reason: { en: `(${Math.round(x)}, ${Math.round(y)}) is outside the district`, zh: `(${Math.round(x)}, ${Math.round(y)}) 不在本片区内` } };
    const from = this.position(id)!;
    const roadMps = a.travel === 'drive' ? DRIVE_MPS : WALK_MPS;
    let route: Avatar['route'];
    if (Math.hypot(x - from.x, y - from.y) <= DIRECT_M || this.graph.ids.length === 0) route = [{ x, y, mps: WALK_MPS }];
    else {
      const nodes = routeNodes(this.graph, nearestNode(this.graph, from.x, from.y), nearestNode(this.graph, x, y), a.travel === 'drive' ? 30 : 6);
      if (nodes.length === 0) return { ok: false, reason: { en: 'no open street leads there (a lane may be blocked)', zh: '没有可通行的道路（车道可能被封堵）' } };
      route = [...nodes.map((n) => ({ x: this.graph.x[n]!, y: this.graph.y[n]!, mps: roadMps })), { x, y, mps: WALK_MPS }];
      route[0]!.mps = WALK_MPS; // to the street on foot
    }
    a.route = route;
    a.stuck = 0;
    let etaS = 0, px = from.x, py = from.y;
    for (const p of route) { etaS += Math.hypot(p.x - px, p.y - py) / p.mps; px = p.x; py = p.y; }
    return { ok: true, etaS: Math.round(etaS) };
  }

  /** A blocked lane: routes planned from now on go round it. */
  blockLane(edgeId: string): void { this.graph.blocked.add(edgeId); }

  stop(id: string): void { const a = this.avatars.get(id); if (a) a.route = []; }

  /** Simulated time passing: everyone walks or drives on along their route. Avatars collide only with
   * buildings, which never move: a physics step is needed once, to take the colliders in; after that a
   * move only carries each body's collider along with it. */
  step(dtS: number): void {
    if (this.dirty) { this.world.step(); this.dirty = false; }
    let left = dtS;
    while (left > 1e-6) {
      const dt = Math.min(left, 0.25);
      left -= dt;
      let moved = false;
      for (const a of this.avatars.values()) if (a.route.length) { this.stepOne(a, dt); moved = true; }
      if (!moved) return;
      this.world.propagateModifiedBodyPositionsToColliders();
    }
  }


  private stepOne(a: Avatar, dt: number): void {
    const next = a.route[0];
    if (!next) return;
    const t = a.body.translation();
    const dx = next.x - t.x, dy = next.y - t.z;
    const dist = Math.hypot(dx, dy);
    if (dist < 0.05) { a.route.shift(); return; }
    const reach = Math.min(dist, next.mps * dt);
    this.controller.computeColliderMovement(a.collider, { x: (dx / dist) * reach, y: 0, z: (dy / dist) * reach }, RAPIER.QueryFilterFlags.EXCLUDE_KINEMATIC);
    const m = this.controller.computedMovement();
    a.body.setTranslation({ x: t.x + m.x, y: t.y, z: t.z + m.z }, true);
    const moved = Math.hypot(m.x, m.z);
    if (reach - moved < 0.01) { a.stuck = 0; if (reach >= dist) a.route.shift(); return; }
    // Against a wall: a destination inside a building is reached at its wall; the avatar stays there.
    if (moved < reach * 0.05 && ++a.stuck >= 3) a.route.shift();
  }

  /** Everyone's position, for the room and the journal. */
  snapshot(): { id: string; x: number; y: number; moving: boolean }[] {
    return [...this.avatars.entries()].map(([id, a]) => { const t = a.body.translation(); return { id, x: t.x, y: t.z, moving: a.route.length > 0 }; });
  }

  free(): void { this.world.free(); }
}

function makeController(world: RAPIER.World): RAPIER.KinematicCharacterController {
  const c = world.createCharacterController(0.05);
  c.setSlideEnabled(true); // slide along a wall instead of stopping dead at it
  return c;
}

/** Horizontal distance from a point to a building's footprint (0 inside it). */
export function distanceToFootprint(b: { x: number; y: number; width: number; depth: number }, x: number, y: number): number {
  const dx = Math.max(Math.abs(x - b.x) - b.width / 2, 0);
  const dy = Math.max(Math.abs(y - b.y) - b.depth / 2, 0);
  return Math.hypot(dx, dy);
}
