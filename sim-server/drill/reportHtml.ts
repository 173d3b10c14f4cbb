// The after-action report as a printable page (zh and en side by side): what trainers hand out after
// a drill. Built from the report JSON; a bar chart of the KPIs against their limits.
import type { ScoreReason } from '../../scenarios/score';
import type { DrillReport, Kpi } from './report';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const mmss = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
const KPI_NAMES: Record<Kpi['id'], string> = { detect: '发现 detect', acknowledge: '确认 acknowledge', dispatch: '派单 dispatch', arrive: '到场 arrive', resolve: '处置完成 resolve' };
const SCORE_REASON: Record<ScoreReason, string> = {
  on_time: '<span class="met">✔ 按时 on time</span>', late: '<span class="missed">✘ 超时 late</span>', not_done: '<span class="missed">✘ 未完成 not done</span>',
  resolved: '<span class="met">✔ 已处置 resolved</span>', not_resolved: '<span class="missed">✘ 未处置 not resolved</span>',
};
const OUTCOME: Record<DrillReport['outcome'], string> = { resolved: '已处置 resolved', failed: '失败 failed', ended_by_trainer: '教官结束 ended by the trainer', abandoned: '无人参演，已撤销 withdrawn, nobody took part', in_progress: '进行中 in progress' };

function kpiChart(kpis: Kpi[]): string {
  const max = Math.max(60, ...kpis.flatMap((k) => [k.seconds ?? 0, k.limitS ?? 0]));
  const w = 560, row = 26, left = 130;
  const scale = (s: number) => left + (s / max) * (w - left - 20);
  const bars = kpis.map((k, i) => {
    const y = 10 + i * row;
    const colour = k.met === false ? '#c62828' : k.met ? '#2e7d32' : '#546e7a';
    return `<text x="4" y="${y + 14}">${esc(KPI_NAMES[k.id])}</text>`
      + (k.seconds !== null ? `<rect x="${left}" y="${y + 3}" width="${Math.max(1, scale(k.seconds) - left)}" height="14" fill="${colour}"/><text x="${scale(k.seconds) + 4}" y="${y + 14}">${mmss(k.seconds)}</text>` : `<text x="${left}" y="${y + 14}">—</text>`)
      + (k.limitS !== null ? `<line x1="${scale(k.limitS)}" x2="${scale(k.limitS)}" y1="${y}" y2="${y + 20}" stroke="#000" stroke-dasharray="3 2"/>` : '');
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${kpis.length * row + 16}" font-size="12" font-family="sans-serif" role="img" aria-label="KPIs">${bars}</svg>`;
}

export function reportHtml(r: DrillReport): string {
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>演练复盘 After-action review · ${esc(r.scenario.title.zh)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}.met{color:#2e7d32}.missed{color:#c62828}h1{font-size:1.4em}@media print{body{margin:0}}</style></head><body>
<h1>演练复盘 After-action review</h1>
<p><b>${esc(r.scenario.title.zh)}</b> · ${esc(r.scenario.title.en)}<br>${esc(r.scenario.briefing.zh)}<br>${esc(r.scenario.briefing.en)}</p>
<p data-testid="outcome">结果 Outcome: <b>${OUTCOME[r.outcome]}</b> · 用时 Duration ${mmss(r.durationS)} · 得分 Score <b data-testid="score">${r.score.earned} / ${r.score.possible}</b> · 演练 Drill ${esc(r.drillId)} (seed ${r.seed})</p>
<h2>关键指标 KPIs</h2>
${kpiChart(r.kpis)}
<table><tr><th>指标 KPI</th><th>用时 Time (from the first alarm)</th><th>时限 Limit</th><th></th></tr>
${rows(r.kpis.map((k) => [KPI_NAMES[k.id], mmss(k.seconds), mmss(k.limitS), k.met === null ? '' : k.met ? '<span class="met">✔ 达标 met</span>' : '<span class="missed">✘ 超时 missed</span>']))}</table>
<p>20分钟到场目标 20-minute on-site target: ${r.onSiteTarget.met ? '<span class="met">✔ 达标 met</span>' : '<span class="missed">✘ 未达标 missed</span>'} (${mmss(r.onSiteTarget.arrivedAfterS)})</p>
<h2>目标 Objectives</h2>
<table><tr><th>目标 Objective</th><th>动作 Action</th><th>时限 Within</th><th>完成 Done (from the first alarm)</th><th>由 By</th><th></th></tr>
${rows(r.objectives.map((o) => [esc(o.id), esc(o.action), mmss(o.withinS), o.doneAtS === null ? '—' : mmss(o.doneAtS - (r.firstAlarmS ?? 0)), esc(o.by ?? '—'), o.met ? '<span class="met">✔</span>' : '<span class="missed">✘</span>']))}</table>
<h2>得分明细 Score, point by point</h2>
<table data-testid="score-lines"><tr><th>项目 Item</th><th>动作 Action</th><th>时限 Within</th><th>完成 Done after</th><th>得分 Points</th><th></th></tr>
${rows(r.score.lines.map((l) => [esc(l.id), esc(l.action), mmss(l.withinS), mmss(l.doneAfterS), `${l.earned} / ${l.points}`, SCORE_REASON[l.reason]]))}</table>
<h2>各角色行动 Actions by role</h2>
${r.roles.map((p) => `<h3>${esc(p.name)} · ${esc(p.role)}</h3>${p.actions.length ? `<table><tr><th>演练时钟 Drill clock</th><th>动作 Action</th><th>结果 Result</th></tr>${rows(p.actions.map((a) => [mmss(a.simS), esc(a.action), a.ok ? esc(a.detail) : `<span class="missed">拒绝 refused: ${esc(a.detail)}</span>`]))}</table>` : '<p>—</p>'}`).join('\n')}
<h2>时间线 Timeline</h2>
<table><tr><th>演练时钟 Drill clock</th><th>类别 Kind</th><th>事件 Event</th></tr>${rows(r.timeline.map((e) => [mmss(e.simS), esc(e.kind), esc(e.text)]))}</table>
</body></html>`;
}
