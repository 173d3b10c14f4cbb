// What the planner's page computes from a table and a placement, apart from React so it can be tested:
// the figures against today's sensors, the heat of what nothing detects, and the district patch to export.
import { SOLVER_LABELS, type Lang } from '../../twin-assets/labels';
import type { District } from '../../twin-assets/districtSchema';
import { evaluate, type PlacementTable } from '../../twin-assets/placement';
import type { HeatSpot } from './HeatLayer';

export interface PlacementStats { detectedPct: number; meanMinutes: number | null; meanImpact: number; unwatched: { id: string; undetected: number }[]; heat: HeatSpot[] }

/** What a placement gives: incidents found, minutes to detection (of those found), the objective, and what nothing finds, worst first. */
export function placementStats(t: PlacementTable, chosen: ReadonlySet<string>): PlacementStats {
  const idx = new Set(t.problem.sensors.flatMap((s, i) => (chosen.has(s.id) ? [i] : [])));
  const { value, outcomes } = evaluate(t.problem, idx, { objective: 'impact', useProbability: t.useProbability });
  const minutes: number[] = [];
  outcomes.forEach((o, a) => {
    if (!o.detected) return;
    const k = t.problem.detections[a]!.findIndex((d) => t.problem.sensors[d.sensor]!.id === o.sensor);
    minutes.push(t.seconds[a]![k]! / 60);
  });
  const weightOf = (a: number) => t.problem.scenarios[a]!.undetected * (t.useProbability ? t.problem.scenarios[a]!.probability ?? 0 : 1);
  const open = outcomes.flatMap((o, a) => (o.detected ? [] : [a]));
  return {
    detectedPct: (100 * (outcomes.length - open.length)) / Math.max(outcomes.length, 1),
    meanMinutes: minutes.length ? minutes.reduce((s, m) => s + m, 0) / minutes.length : null,
    meanImpact: value,
    unwatched: open.map((a) => ({ id: t.problem.scenarios[a]!.id, undetected: weightOf(a) })).sort((x, y) => y.undetected - x.undetected),
    heat: open.map((a) => ({ ...t.where[a]!, weight: weightOf(a) })),
  };
}

/** How much of what nothing detects each candidate would catch, as a share of the most any one would. */
export function candidateHeat(t: PlacementTable, unwatched: PlacementStats['unwatched']): number[] {
  const open = new Map(unwatched.map((u) => [u.id, u.undetected]));
  const caught = new Array<number>(t.candidates.length).fill(0);
  t.problem.detections.forEach((ds, a) => { const w = open.get(t.problem.scenarios[a]!.id); if (w) for (const d of ds) caught[d.sensor]! += w; });
  const max = Math.max(...caught, 1e-9);
  return caught.map((v) => v / max);
}

/** The plan as a district patch (RFC 6902) that DISTRICT loads: `base` is the district file it was made on. */
export function placementPatch(d: District, t: PlacementTable, chosen: ReadonlySet<string>, base: string) {
  const taken = new Set(d.devices.map((x) => x.id));
  let n = 0;
  const nextId = () => { let id; do id = `${t.type.replace('_', '-')}-plan-${++n}`; while (taken.has(id)); return id; };
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const added = t.candidates.filter((c) => chosen.has(c.id) && !t.fixed.includes(c.id)).map((c) => ({
    id: nextId(), type: t.type, courtyardId: c.buildingId ? buildings.get(c.buildingId)?.courtyardId ?? null : null, buildingId: c.buildingId, householdId: c.householdId,
    floor: c.floor, room: c.room, position: { x: round(c.x), y: round(c.y), z: round(c.z) }, notify: [],
  }));
  return { base, patch: [{ op: 'test', path: '/id', value: d.id }, ...added.map((value) => ({ op: 'add', path: '/devices/-', value }))] };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** How the plan was solved, in words (the API's `solver` is for programs: "HiGHS MILP (optimal)", "lazy greedy, bound from …"). */
export function solverText(solver: string, lang: Lang): string {
  const m = /^HiGHS (MILP|LP) \((.+)\)$/.exec(solver);
  if (m) {
    const status = SOLVER_LABELS.status[m[2]!]?.[lang] ?? (lang === 'zh' ? SOLVER_LABELS.ended.zh : m[2]!);
    return `${SOLVER_LABELS[m[1] === 'MILP' ? 'milp' : 'lp'][lang]} · ${status}`;
  }
  return solver.startsWith('lazy greedy') ? SOLVER_LABELS.greedy[lang] : lang === 'zh' ? SOLVER_LABELS.ended.zh : solver;
}
