// Dispatch planning: for each alarm the nearest suitable resources by travel time over the street
// graph, as tasks that move assigned → en_route → on_site → done, with ETAs; and the street's
// 20-minute on-site target tracked per alarm (DOMAIN.md). Pure: `now` comes in.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { RESOURCE_KINDS, TASK_STATES, type Actor, type AlarmJson } from '../../twin-assets/protocol';
import { buildRoadGraph, nearestNode, travelSeconds, WALK_MPS, type RoadGraph } from './roads';

export const ON_SITE_TARGET_MS = 20 * 60_000;
export { TASK_STATES };
export type TaskState = (typeof TASK_STATES)[number];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface Task {
  id: string; alarmId: string; kind: ResourceKind;
  resource: { id: string; name: string; x: number; y: number };
  state: TaskState; etaS: number; distanceM: number;
  assignedAt: number; onSiteAt: number | null; doneAt: number | null;
  history: { at: number; to: TaskState; by: string | null; byId?: string }[];
}

const NEXT: Record<TaskState, TaskState[]> = {
  assigned: ['en_route', 'on_site', 'cancelled'], en_route: ['on_site', 'cancelled'], on_site: ['done'], done: [], cancelled: [],
};

const NEEDS: Record<string, ResourceKind[]> = {
  fire: ['grid_worker', 'micro_fire_station', 'hydrant'], smoke: ['grid_worker', 'micro_fire_station', 'hydrant'],
  gas_leak: ['grid_worker', 'micro_fire_station'], electrical_leak: ['grid_worker', 'micro_fire_station'], electrical_overheat: ['grid_worker', 'micro_fire_station'],
  overload: ['grid_worker'], charging_overheat: ['grid_worker', 'micro_fire_station'], hot_spot: ['grid_worker', 'micro_fire_station'],
  sprinkler_flow: ['grid_worker', 'micro_fire_station'], flood: ['grid_worker', 'micro_fire_station'], elevator_entrapment: ['grid_worker', 'micro_fire_station'],
  fall: ['grid_worker', 'aed'], sos: ['grid_worker', 'aed'], heart_rate_abnormal: ['grid_worker', 'aed'],
};
const SPEED_KPH: Record<Exclude<ResourceKind, 'hydrant'>, number> = { grid_worker: 15, micro_fire_station: 40, aed: 12 };

interface Resource { kind: Exclude<ResourceKind, 'hydrant'>; id: string; name: string; x: number; y: number; node: number; times: Float64Array }

export class DispatchBoard {
  private readonly graph: RoadGraph;
  private readonly resources: Resource[] = [];
  private readonly tasks = new Map<string, Task>();
  private readonly byAlarm = new Map<string, string[]>();
  private readonly overdueFlagged = new Set<string>();

  constructor(index: DistrictIndex) {
    const d = index.district;
    this.graph = buildRoadGraph(d);
    const add = (kind: Exclude<ResourceKind, 'hydrant'>, id: string, name: string, x: number, y: number) => {
      if (this.graph.ids.length === 0) return;
      const node = nearestNode(this.graph, x, y);
      this.resources.push({ kind, id, name, x, y, node, times: travelSeconds(this.graph, node, SPEED_KPH[kind]) });
    };
    for (const g of d.grids) {
      const yards = d.courtyards.filter((c) => c.gridId === g.id);
      if (!yards.length) continue;
      add('grid_worker', g.id, g.worker.name, yards.reduce((s, c) => s + c.x, 0) / yards.length, yards.reduce((s, c) => s + c.y, 0) / yards.length);
    }
    for (const s of d.microFireStations) add('micro_fire_station', s.id, s.name.zh, s.x, s.y);
    for (const c of d.capsuleStations) if (c.aed) add('aed', c.id, c.name.zh, c.x, c.y);
    this.hydrants = d.hydrants;
  }

  private readonly hydrants: { id: string; x: number; y: number }[];

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); the rest is built again from the district and the rules. */
  saveState() { return { tasks: this.tasks, byAlarm: this.byAlarm, overdueFlagged: this.overdueFlagged, blocked: this.graph.blocked }; }
  loadState({ blocked, ...s }: ReturnType<DispatchBoard['saveState']>): void {
    Object.assign(this, s);
    this.graph.blocked = blocked;
    if (blocked.size) this.retime();
  }

  /** A lane is blocked (a parked truck, a fallen tree): travel times are recomputed around it. */
  blockLane(edgeId: string): boolean {
    if (this.graph.blocked.has(edgeId) || !this.graph.adj.some((list) => list.some((e) => e.edgeId === edgeId))) return false;
    this.graph.blocked.add(edgeId);
    this.retime();
    return true;
  }

  private retime(): void { for (const r of this.resources) r.times = travelSeconds(this.graph, r.node, SPEED_KPH[r.kind]); }

  /** Tasks for a new alarm; faults and kinds with no field response need none. */
  plan(alarm: AlarmJson, now: number): Task[] {
    if (this.byAlarm.has(alarm.id) || this.resources.length === 0) return [];
    const kinds = NEEDS[alarm.kind] ?? (alarm.kind.startsWith('crane') || alarm.kind === 'manhole_displaced' ? ['grid_worker'] as ResourceKind[] : []);
    if (!kinds.length) return [];
    const target = nearestNode(this.graph, alarm.location.x, alarm.location.y);
    const walkIn = Math.hypot(this.graph.x[target]! - alarm.location.x, this.graph.y[target]! - alarm.location.y);
    const planned: Task[] = [];
    for (const kind of kinds) {
      if (kind === 'hydrant') {
        // A hydrant does not travel: the crew connects to the one nearest the fire.
        let h: { id: string; x: number; y: number } | undefined;
        let best = Infinity;
        for (const c of this.hydrants) {
          const d2 = (c.x - alarm.location.x) ** 2 + (c.y - alarm.location.y) ** 2;
          if (d2 < best) { best = d2; h = c; }
        }
        if (h) planned.push(this.add({ id: `${alarm.id}.hydrant`, alarmId: alarm.id, kind, resource: { id: h.id, name: h.id, x: h.x, y: h.y }, state: 'assigned', etaS: 0,
          distanceM: Math.round(Math.hypot(h.x - alarm.location.x, h.y - alarm.location.y)), assignedAt: now, onSiteAt: null, doneAt: null, history: [{ at: now, to: 'assigned', by: null }] }));
        continue;
      }
      // The quicker of the road and a walk across (near at hand, or cut off by a blocked lane).
      const onFoot = (r: Resource) => Math.hypot(r.x - alarm.location.x, r.y - alarm.location.y) / WALK_MPS;
      const byRoadS = (r: Resource) => r.times[target]! + (walkIn + Math.hypot(this.graph.x[r.node]! - r.x, this.graph.y[r.node]! - r.y)) / WALK_MPS;
      const etaOf = (r: Resource) => Math.min(byRoadS(r), onFoot(r));
      let best: Resource | null = null;
      for (const r of this.resources) if (r.kind === kind && (!best || etaOf(r) < etaOf(best))) best = r;
      if (!best) continue;
      const etaS = Math.round(etaOf(best));
      const byRoad = byRoadS(best) <= onFoot(best);
      planned.push(this.add({
        id: `${alarm.id}.${kind}`, alarmId: alarm.id, kind, resource: { id: best.id, name: best.name, x: best.x, y: best.y },
        state: 'assigned', etaS, distanceM: Math.round(byRoad ? best.times[target]! * SPEED_KPH[kind] / 3.6 + walkIn : Math.hypot(best.x - alarm.location.x, best.y - alarm.location.y)),
        assignedAt: now, onSiteAt: null, doneAt: null, history: [{ at: now, to: 'assigned', by: null }],
      }));
    }
    this.byAlarm.set(alarm.id, planned.map((t) => t.id));
    return planned.map((t) => structuredClone(t));
  }

  private add(task: Task): Task {
    this.tasks.set(task.id, task);
    return task;
  }

  update(taskId: string, to: TaskState, by: Actor, now: number): { ok: true; task: Task } | { ok: false; code: 'not_found' | 'wrong_state'; message: string } {
    const task = this.tasks.get(taskId);
    if (!task) return { ok: false, code: 'not_found', message: `no task "${taskId}"` };
    if (!NEXT[task.state].includes(to)) return { ok: false, code: 'wrong_state', message: `task "${taskId}" is ${task.state}; it can go to ${NEXT[task.state].join(', ') || 'nothing further'}` };
    task.state = to;
    task.history.push({ at: now, to, by: by.name, byId: by.id });
    if (to === 'on_site') task.onSiteAt = now;
    if (to === 'done') task.doneAt = now;
    return { ok: true, task: structuredClone(task) };
  }

  get(taskId: string): Task | undefined { const t = this.tasks.get(taskId); return t && structuredClone(t); }
  tasksOf(alarmId: string): Task[] { return (this.byAlarm.get(alarmId) ?? []).map((id) => structuredClone(this.tasks.get(id)!)); }

  /** The 20-minute target: when the first responder came, and whether it was in time. */
  onSite(alarm: AlarmJson, now: number): { targetAt: number; firstOnSiteAt: number | null; met: boolean | null; overdue: boolean } {
    const targetAt = alarm.raisedAt + ON_SITE_TARGET_MS;
    const times = this.tasksOf(alarm.id).filter((t) => t.kind !== 'hydrant' && t.onSiteAt !== null).map((t) => t.onSiteAt!);
    const firstOnSiteAt = times.length ? Math.min(...times) : null;
    return { targetAt, firstOnSiteAt, met: firstOnSiteAt === null ? null : firstOnSiteAt <= targetAt, overdue: firstOnSiteAt === null && now > targetAt };
  }

  /** Alarms past their on-site target with nobody there yet, each reported once. */
  newlyOverdue(openAlarms: AlarmJson[], now: number): string[] {
    const out: string[] = [];
    for (const a of openAlarms) {
      if (!this.byAlarm.has(a.id) || this.overdueFlagged.has(a.id)) continue;
      if (this.onSite(a, now).overdue) { this.overdueFlagged.add(a.id); out.push(a.id); }
    }
    return out;
  }

  restore(task: Task): void {
    this.tasks.set(task.id, structuredClone(task));
    const list = this.byAlarm.get(task.alarmId) ?? [];
    if (!list.includes(task.id)) list.push(task.id);
    this.byAlarm.set(task.alarmId, list);
  }
}
