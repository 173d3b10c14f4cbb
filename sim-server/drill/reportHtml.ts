// The after-action report as a printable page in the reader's language (zh-CN or English): what trainers
// hand out after a drill. Built from the report JSON; a bar chart of the KPIs against their limits.
import type { ScoreReason } from '../../scenarios/score';
import type { DrillReport, Kpi } from './report';
import { actionLabel } from '../../scenarios/actions';
import { byLabel, DRILL_OUTCOME_LABELS, REVIEW, ROLE_LABELS, type Lang } from '../../twin-assets/labels';
import type { Role } from '../../twin-assets/protocol';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const mmss = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
type L = { zh: string; en: string };
const KPI_NAMES: Record<Kpi['id'], L> = REVIEW.kpi;
const MET = (ok: boolean, yes: L, no: L, lang: Lang) => (ok ? `<span class="met">✔ ${yes[lang]}</span>` : `<span class="missed">✘ ${no[lang]}</span>`);
const SCORE_REASON: Record<ScoreReason, [boolean, L]> = {
  on_time: [true, REVIEW.reason.on_time], late: [false, REVIEW.reason.late], not_done: [false, REVIEW.reason.not_done],
  resolved: [true, REVIEW.reason.resolved], not_resolved: [false, REVIEW.reason.not_resolved],
};
const KIND: Record<string, L> = REVIEW.kind;
const W: Record<string, L> = REVIEW.words;

export function kpiChart(kpis: Kpi[], lang: Lang): string {
  const max = Math.max(60, ...kpis.flatMap((k) => [k.seconds ?? 0, k.limitS ?? 0]));
  // The names' column as wide as the longest name (about 7 px a Latin letter, 12 a Chinese one).
  const widthOf = (t: string) => [...t].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 12 : 7), 0);
  const w = 600, row = 26, left = Math.max(100, ...kpis.map((k) => widthOf(KPI_NAMES[k.id][lang]) + 12));
  const scale = (s: number) => left + (s / max) * (w - left - 20);
  const bars = kpis.map((k, i) => {
    const y = 10 + i * row;
    const colour = k.met === false ? '#c62828' : k.met ? '#2e7d32' : '#546e7a';
    return `<text x="4" y="${y + 14}">${esc(KPI_NAMES[k.id][lang])}</text>`
      + (k.seconds !== null ? `<rect x="${left}" y="${y + 3}" width="${Math.max(1, scale(k.seconds) - left)}" height="14" fill="${colour}"/><text x="${scale(k.seconds) + 4}" y="${y + 14}">${mmss(k.seconds)}</text>` : `<text x="${left}" y="${y + 14}">—</text>`)
      + (k.limitS !== null ? `<line x1="${scale(k.limitS)}" x2="${scale(k.limitS)}" y1="${y}" y2="${y + 20}" stroke="#000" stroke-dasharray="3 2"/>` : '');
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${kpis.length * row + 16}" font-size="12" font-family="'Noto Sans SC', sans-serif" role="img" aria-label="KPIs">${bars}</svg>`;
}

/** What the printable pages share (this review, the AAR/IP). */
const PAGE_STYLE = 'body{font-family:"Noto Sans SC",system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}.met{color:#2e7d32}.missed{color:#c62828}h1{font-size:1.4em}@media print{body{margin:0}}'
  // On a phone a table scrolls sideways rather than breaking its words one character a line.
  + '@media (max-width:700px){body{margin:1em}table{display:block;overflow-x:auto}td,th{word-break:keep-all}}';

/** The Chinese web font the client build serves at /fonts/ (a machine without a CJK font shows boxes otherwise) and the style. */
export const PAGE_HEAD = `<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" type="image/svg+xml" href="/favicon.svg"><link rel="stylesheet" href="/fonts/noto-sans-sc.css"><style>${PAGE_STYLE}</style>`;

export function reportHtml(r: DrillReport, lang: Lang = 'zh'): string {
  const w = (k: string) => W[k]![lang];
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('');
  const th = (...keys: string[]) => `<tr>${keys.map((k) => `<th>${k ? w(k) : ''}</th>`).join('')}</tr>`;
  // The score's last line is the incident resolved, not an action: named as the KPI is.
  const act = (a: string) => esc(a === 'resolve' ? KPI_NAMES.resolve[lang] : actionLabel(a)[lang]);
  const role = (x: string) => esc(ROLE_LABELS[x as Role]?.[lang] ?? x);
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${w('title')} · ${esc(r.scenario.title[lang])}</title>
${PAGE_HEAD}</head><body>
<h1>${w('title')}</h1>
<p><b>${esc(r.scenario.title[lang])}</b><br>${esc(r.scenario.briefing[lang])}</p>
<p data-testid="outcome">${w('outcome')}: <b>${DRILL_OUTCOME_LABELS[r.outcome]?.[lang] ?? r.outcome}</b> · ${w('duration')} ${mmss(r.durationS)} · ${w('score')} <b data-testid="score">${r.score.earned} / ${r.score.possible}</b> · <span title="${w('seed')} ${r.seed}">${w('drill')} ${esc(r.drillId.slice(-6))}</span></p>
<h2>${w('kpis')}</h2>
${kpiChart(r.kpis, lang)}
<table>${th('kpi', 'time', 'limit', '')}
${rows(r.kpis.map((k) => [KPI_NAMES[k.id][lang], mmss(k.seconds), mmss(k.limitS), k.met === null ? '' : MET(k.met, W.met!, W.missed!, lang)]))}</table>
<p>${w('onSite')}: ${MET(r.onSiteTarget.met, W.met!, W.notMet!, lang)} (${mmss(r.onSiteTarget.arrivedAfterS)})</p>
<h2>${w('objectives')}</h2>
<table>${th('action', 'within', 'done', 'by', '')}
${rows(r.objectives.map((o) => [act(o.action), mmss(o.withinS), o.doneAtS === null ? '—' : mmss(o.doneAtS - (r.firstAlarmS ?? 0)), esc(o.by ? byLabel(o.by, lang) : '—'), o.met ? '<span class="met">✔</span>' : '<span class="missed">✘</span>']))}</table>
<h2>${w('lines')}</h2>
<table data-testid="score-lines">${th('action', 'within', 'doneAfter', 'points', '')}
${rows(r.score.lines.map((l) => [act(l.action), mmss(l.withinS), mmss(l.doneAfterS), `${l.earned} / ${l.points}`, MET(SCORE_REASON[l.reason][0], SCORE_REASON[l.reason][1], SCORE_REASON[l.reason][1], lang)]))}</table>
<h2>${w('roles')}</h2>
${r.roles.map((p) => `<h3>${esc(p.name)} · ${role(p.role)}</h3>${p.actions.length ? `<table>${th('clock', 'action', 'result')}${rows(p.actions.map((a) => { const detail = esc(lang === 'zh' ? a.zh : a.detail); return [mmss(a.simS), act(a.action), a.ok ? detail : `<span class="missed">${w('refused')}: ${detail}</span>`]; }))}</table>` : '<p>—</p>'}`).join('\n')}
<h2>${w('timeline')}</h2>
<table>${th('clock', 'kind', 'event')}${rows(r.timeline.map((e) => [mmss(e.simS), esc(KIND[e.kind]?.[lang] ?? e.kind), esc(lang === 'zh' ? e.zh : e.text)]))}</table>
</body></html>`;
}
