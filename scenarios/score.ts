// A drill's score, point by point: each expected action done in time earns its weight (× the scenario's
// on-time weight), and resolving the incident earns the resolved weight. One function for the headless
// run, the drill room and the after-action review, so a score always comes with what earned and missed it.
import type { Scenario } from './schema';

export type ScoreReason = 'on_time' | 'late' | 'not_done' | 'resolved' | 'not_resolved';
export interface ScoreLine { id: string; action: string; points: number; earned: number; withinS: number | null; doneAfterS: number | null; reason: ScoreReason }
export interface Score { earned: number; possible: number; lines: ScoreLine[] }

export function scoreOf(scenario: Scenario, done: ReadonlyMap<string, number>, firstAlarmS: number | null, resolved: boolean): Score {
  const { expected, scoring } = scenario;
  const lines: ScoreLine[] = expected.map((e) => {
    const at = done.get(e.id);
    const doneAfterS = at === undefined || firstAlarmS === null ? null : at - firstAlarmS;
    const points = e.weight * scoring.onTimeWeight;
    const reason: ScoreReason = at === undefined ? 'not_done' : doneAfterS !== null && doneAfterS <= e.withinS ? 'on_time' : 'late';
    return { id: e.id, action: e.action, points, earned: reason === 'on_time' ? points : 0, withinS: e.withinS, doneAfterS, reason };
  });
  lines.push({ id: 'resolved', action: 'resolve', points: scoring.resolvedWeight, earned: resolved ? scoring.resolvedWeight : 0, withinS: null, doneAfterS: null, reason: resolved ? 'resolved' : 'not_resolved' });
  return { earned: lines.reduce((s, l) => s + l.earned, 0), possible: lines.reduce((s, l) => s + l.points, 0), lines };
}
