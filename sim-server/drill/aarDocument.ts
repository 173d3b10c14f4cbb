// The AAR/IP as a document, in the reader's language (zh-CN first): headings, paragraphs, lists and tables from the
// Aar's data, once. The page (aarHtml.ts, which Chromium prints to PDF) and the Word file (aarDocx.ts) both render it.
import { actionLabel } from '../../scenarios/actions';
import { RATING_LABELS } from '../../scenarios/evaluation';
import { CORRECTIVE_STATUS_LABELS } from '../../twin-assets/improvement';
import { AAR_WORDS, byLabel, DRILL_OUTCOME_LABELS, REVIEW, type Lang } from '../../twin-assets/labels';
import type { Aar } from './aar';
import { mmss } from './reportHtml';

export type Block =
  | { kind: 'h1' | 'h2' | 'p'; text: string; testid?: string }
  | { kind: 'list'; items: string[]; testid?: string }
  | { kind: 'table'; head: string[]; rows: string[][]; testid?: string }
  /** The KPIs' bar chart, where the format can draw it. */
  | { kind: 'kpiChart' };

const date = (ms: number) => new Date(ms).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

export function aarDocument(aar: Aar, lang: Lang): { title: string; blocks: Block[] } {
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  const rv = REVIEW.words, r = aar.report;
  const rating = (x: string | null) => (x ? `${x} · ${RATING_LABELS[x as keyof typeof RATING_LABELS][lang]}` : w('notRated'));
  const title = `${w('title')} · ${r.scenario.title[lang]}`;
  const blocks: Block[] = [
    { kind: 'h1', text: w('title') },
    { kind: 'h2', text: w('overview') },
    { kind: 'table', head: ['', ''], testid: 'aar-overview', rows: [
      [w('scenario'), r.scenario.title[lang]],
      [w('team'), aar.team ?? '—'],
      [w('date'), date(r.createdAt)],
      [rv.outcome[lang], DRILL_OUTCOME_LABELS[r.outcome]?.[lang] ?? r.outcome],
      [rv.duration[lang], mmss(r.durationS)],
      [rv.score[lang], `${r.score.earned} / ${r.score.possible}`],
      [w('evaluators'), aar.evaluators.join('、') || w('none')],
    ] },
    { kind: 'p', text: r.scenario.briefing[lang] },
    { kind: 'h2', text: w('ratings') },
    { kind: 'table', testid: 'aar-ratings', head: [w('capability'), w('task'), w('proposed'), w('rating'), w('note'), w('evidence')],
      rows: aar.tasks.map((t) => [t.capability[lang], t.name[lang], rating(t.proposed), rating(t.rating), t.note || '—', t.evidence.map((e) => e[lang]).join(lang === 'zh' ? '；' : '; ') || '—']) },
    { kind: 'table', head: [rv.action[lang], rv.within[lang], rv.done[lang], rv.by[lang]],
      rows: r.objectives.map((o) => [actionLabel(o.action)[lang], mmss(o.withinS), o.doneAtS === null ? '—' : mmss(o.doneAtS - (r.firstAlarmS ?? 0)), o.by ? byLabel(o.by, lang) : '—']) },
    { kind: 'h2', text: w('strengths') },
    { kind: 'list', testid: 'aar-strengths', items: aar.strengths.map((s) => s[lang]) },
    { kind: 'h2', text: w('improvements') },
    { kind: 'list', testid: 'aar-improvements', items: aar.improvements.map((s) => s[lang]) },
    { kind: 'h2', text: rv.kpis[lang] },
    { kind: 'kpiChart' },
    { kind: 'table', head: [rv.kpi[lang], rv.time[lang], rv.limit[lang]], rows: r.kpis.map((k) => [REVIEW.kpi[k.id][lang], mmss(k.seconds), mmss(k.limitS)]) },
    { kind: 'h2', text: w('plan') },
    { kind: 'table', testid: 'aar-plan', head: [w('task'), w('correctiveAction'), w('owner'), w('due'), w('status')],
      rows: aar.plan.map((a) => {
        const t = aar.tasks.find((x) => x.task === a.task);
        return [t ? `${t.capability[lang]}·${t.name[lang]}` : a.task, a.text, a.ownerName, a.due, CORRECTIVE_STATUS_LABELS[a.status][lang]];
      }) },
    { kind: 'h2', text: rv.timeline[lang] },
    { kind: 'table', head: [rv.clock[lang], rv.event[lang]], rows: r.timeline.map((e) => [mmss(e.simS), lang === 'zh' ? e.zh : e.text]) },
  ];
  return { title, blocks };
}
