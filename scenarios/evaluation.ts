// Rating a drill as exercise programmes do (HSEEP's Exercise Evaluation Guides): each critical task (capabilities.ts)
// P — performed without challenges, S — with some challenges, M — with major challenges, U — unable to be performed.
// The evaluator decides; this is the product's proposal from the evidence the kernel already has: each objective
// of the task done within its limit (P), late but within half as long again (S), later still (M), or not at all
// (U); a task takes its worst objective's rating. Pure.
import type { Text } from '../twin-assets/labels';
import { RATINGS, type ProposedRating, type Rating } from '../twin-assets/protocol';
import { actionLabel, objectiveTask } from './actions';
import { taskNames, type TaskRef } from './capabilities';
import type { Objective } from './scenarioRun';
import type { Scenario } from './schema';

export { RATINGS, type Rating };
export const RATING_LABELS: Record<Rating, Text> = {
  P: { zh: '顺利完成', en: 'Performed without challenges' },
  S: { zh: '完成，存在一些问题', en: 'Performed with some challenges' },
  M: { zh: '完成，存在重大问题', en: 'Performed with major challenges' },
  U: { zh: '未能完成', en: 'Unable to be performed' },
};
/** Late by up to this share of the limit: some challenges; later: major ones. */
const SOME_LATE = 0.5;

export interface TaskProposal extends ProposedRating { task: TaskRef; names: { capability: Text; task: Text }; rating: Rating; evidence: Text[] }

export function ratingOf(o: Pick<Objective, 'doneAtS' | 'withinS'>, firstAlarmS: number | null): Rating {
  if (o.doneAtS === null || firstAlarmS === null) return 'U';
  const after = o.doneAtS - firstAlarmS;
  return after <= o.withinS ? 'P' : after <= o.withinS * (1 + SOME_LATE) ? 'S' : 'M';
}

/** Each task the scenario's objectives exercise, in their order, with the proposed rating and its evidence. */
export function proposeRatings(scenario: Pick<Scenario, 'expected'>, objectives: Pick<Objective, 'id' | 'doneAtS' | 'withinS'>[], firstAlarmS: number | null): TaskProposal[] {
  const out = new Map<TaskRef, TaskProposal>();
  for (const e of scenario.expected) {
    const o = objectives.find((x) => x.id === e.id);
    if (!o) continue;
    const task = objectiveTask(e), rating = ratingOf(o, firstAlarmS), action = actionLabel(e.action);
    const after = o.doneAtS !== null && firstAlarmS !== null ? Math.round(o.doneAtS - firstAlarmS) : null;
    const evidence: Text = after === null
      ? { zh: `${action.zh}：未完成（时限${e.withinS}秒）`, en: `${action.en}: not done (limit ${e.withinS} s)` }
      : { zh: `${action.zh}：首次报警后${after}秒完成（时限${e.withinS}秒）`, en: `${action.en}: done ${after} s after the first alarm (limit ${e.withinS} s)` };
    const known = out.get(task);
    if (!known) out.set(task, { task, names: taskNames(task), rating, evidence: [evidence] });
    else { known.evidence.push(evidence); if (RATINGS.indexOf(rating) > RATINGS.indexOf(known.rating)) known.rating = rating; }
  }
  return [...out.values()];
}
