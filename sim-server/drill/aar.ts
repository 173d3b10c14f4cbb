// The after-action report and improvement plan (HSEEP's AAR/IP) of a drill, built from its journal alone: the review
// (report.ts) without the replay's frames, each critical task the drill exercised (capabilities.ts) with the rating the
// evidence proposes (scenarios/evaluation.ts) beside the evaluator's own and their note, and from them the strengths
// and the areas for improvement. The plan — corrective actions, tracked in the database — is added by whoever serves it.
import { taskNames, TASK_REFS, type TaskRef } from '../../scenarios/capabilities';
import { proposeRatings, RATING_LABELS } from '../../scenarios/evaluation';
import type { Text } from '../../twin-assets/labels';
import type { CorrectiveAction } from '../../twin-assets/improvement';
import type { Rating } from '../../twin-assets/protocol';
import type { DrillRecord } from './drillLog';
import { buildReport, type DrillReport } from './report';

export interface AarTask {
  task: TaskRef; capability: Text; name: Text;
  /** From the evidence (null: the drill had no objective of this task, the evaluator rated it anyway). */
  proposed: Rating | null; evidence: Text[];
  /** The evaluator's last rating of the task, their note, who and when (simulated seconds). */
  rating: Rating | null; note: string; by: string | null; simS: number | null;
}

export interface Aar {
  drillId: string; team: string | null;
  report: Omit<DrillReport, 'replay'>;
  evaluators: string[];
  tasks: AarTask[];
  /** What went well and what to improve: each task as rated (or, unrated, as proposed), with the note or the evidence. */
  strengths: Text[]; improvements: Text[];
  plan: CorrectiveAction[];
}

/** The rating that counts: the evaluator's, else the proposal. */
export const finalRating = (t: Pick<AarTask, 'rating' | 'proposed'>): Rating | null => t.rating ?? t.proposed;

export function buildAar(records: DrillRecord[]): Aar {
  const { replay: _replay, ...report } = buildReport(records);
  const created = records.find((r): r is Extract<DrillRecord, { t: 'created' }> => r.t === 'created')!;
  const ratings = records.filter((r): r is Extract<DrillRecord, { t: 'rating' }> => r.t === 'rating');
  const tasks = new Map<TaskRef, AarTask>();
  const entry = (task: TaskRef): AarTask => {
    let t = tasks.get(task);
    if (!t) { const n = taskNames(task); t = { task, capability: n.capability, name: n.task, proposed: null, evidence: [], rating: null, note: '', by: null, simS: null }; tasks.set(task, t); }
    return t;
  };
  for (const p of proposeRatings(created.scenario, report.objectives, report.firstAlarmS)) Object.assign(entry(p.task), { proposed: p.rating, evidence: p.evidence });
  for (const r of ratings) if ((TASK_REFS as string[]).includes(r.task)) Object.assign(entry(r.task as TaskRef), { rating: r.rating, note: r.note, by: r.by, simS: r.simS });
  const ordered = [...tasks.values()].sort((a, b) => TASK_REFS.indexOf(a.task) - TASK_REFS.indexOf(b.task));
  const line = (t: AarTask): Text => {
    const r = finalRating(t)!;
    const why = t.note ? { zh: t.note, en: t.note } : { zh: t.evidence.map((e) => e.zh).join('；'), en: t.evidence.map((e) => e.en).join('; ') };
    const whose = t.rating ? { zh: '', en: '' } : { zh: '（建议评级）', en: ' (proposed)' };
    return { zh: `${t.capability.zh}·${t.name.zh}：${RATING_LABELS[r].zh}${whose.zh}。${why.zh}`, en: `${t.capability.en} · ${t.name.en}: ${RATING_LABELS[r].en}${whose.en}. ${why.en}` };
  };
  return {
    drillId: created.drillId, team: created.team ?? null, report,
    evaluators: [...new Set(ratings.map((r) => r.by))],
    tasks: ordered,
    strengths: ordered.filter((t) => finalRating(t) === 'P').map(line),
    improvements: ordered.filter((t) => { const r = finalRating(t); return r !== null && r !== 'P'; }).map(line),
    plan: [],
  };
}
