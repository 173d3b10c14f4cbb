// `/?team` — the teams that drill; `/?team=<name>` — one team's page (HSEEP's improvement planning): each critical
// task's rating over its drills as a chart (P at the top, U at the bottom; the evaluator's rating, else the proposed
// one), its drills with their ratings and AAR/IP, and its corrective actions — open first, those a later drill rated P
// marked for closing, which a trainer or evaluator confirms.
import { useEffect, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { taskNames, type TaskRef } from '../../scenarios/capabilities';
import { RATING_LABELS } from '../../scenarios/evaluation';
import { CORRECTIVE_STATUS_LABELS } from '../../twin-assets/improvement';
import { AAR_WORDS, DRILL_OUTCOME_LABELS, type Lang } from '../../twin-assets/labels';
import { RATINGS, type Rating } from '../../twin-assets/protocol';
import { AXIS, Chart } from '../kpis/KpiCharts';
import { api, type Data } from '../net/api';
import { useLang } from '../i18n';
import { LangToggle } from '../panels/LangToggle';
import { RequireSession, WhoAmI } from '../panels/LoginPage';
import type { SessionPerson } from '../net/session';
import { usePageTitle } from '../pageTitle';

type Team = Data<'getApiTeamsByTeam'>;
const COLOURS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff7b72', '#e3b341', '#79c0ff', '#56d364', '#ffa657', '#d2a8ff'];
/** P at the top of the chart, U at the bottom. */
const HEIGHT: Record<Rating, number> = { P: 3, S: 2, M: 1, U: 0 };
const taskName = (task: string, lang: Lang) => { const n = taskNames(task as TaskRef); return `${n.capability[lang]}·${n.task[lang]}`; };
const day = (ms: number) => new Date(ms).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

export function TeamApp({ team }: { team: string }) {
  return <RequireSession>{(person) => <Page person={person} team={team} />}</RequireSession>;
}

function Page({ person, team }: { person: SessionPerson; team: string }) {
  const { lang, t } = useLang();
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  const heading = team ? `${w('teamPage')} · ${team}` : w('teamPage');
  usePageTitle(heading);
  return (
    <div className="app">
      <header><h1>{heading}</h1><a className="badge" href="/?drills">{t('drills')}</a><span className="spacer" /><WhoAmI person={person} /><LangToggle /></header>
      <div className="lobby">{team ? <OneTeam team={team} writes={person.permissions['improvement.write'] !== undefined} lang={lang} /> : <Teams lang={lang} />}</div>
    </div>
  );
}

function Teams({ lang }: { lang: Lang }) {
  const [teams, setTeams] = useState<Data<'getApiTeams'> | null>(null);
  useEffect(() => { void api('getApiTeams').then((r) => { if (r.ok) setTeams(r.data); }); }, []);
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  if (!teams) return null;
  if (teams.length === 0) return <section><p data-testid="teams">{w('noTeams')}</p></section>;
  return (
    <section><table data-testid="teams">
      <thead><tr><th>{w('team')}</th><th>{w('drills')}</th><th>{w('openActions')}</th><th>{w('lastDrill')}</th></tr></thead>
      <tbody>{teams.map((t) => <tr key={t.team}><td><a href={`/?team=${encodeURIComponent(t.team)}`}>{t.team}</a></td><td>{t.drills}</td><td>{t.openActions}</td><td>{t.lastDrillAt ? day(t.lastDrillAt) : '—'}</td></tr>)}</tbody>
    </table></section>
  );
}

function OneTeam({ team, writes, lang }: { team: string; writes: boolean; lang: Lang }) {
  const [data, setData] = useState<Team | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api('getApiTeamsByTeam', { params: { team } }).then((r) => { if (r.ok) setData(r.data); else setError(r.error); });
  useEffect(() => { void load(); }, [team]); // eslint-disable-line react-hooks/exhaustive-deps
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  if (error) return <p className="outcome bad">{error}</p>;
  if (!data) return null;
  const tasks = [...new Set(data.drills.flatMap((d) => d.ratings.map((r) => r.task)))];
  const close = async (id: string) => { const r = await api('patchApiImprovementById', { params: { id }, body: { status: 'done' } }); if (r.ok) void load(); else setError(r.error); };
  return (
    <>
      <section>
        <h2>{w('ratingsOverDrills')}</h2>
        <Chart testId="team-ratings-chart" deps={[data, lang]} make={(width) => [{
          width, height: 260,
          scales: { x: { time: false, range: [-0.5, Math.max(0.5, data.drills.length - 0.5)] }, y: { range: [-0.3, 3.3] } },
          axes: [{ ...AXIS, splits: () => data.drills.map((_, i) => i), values: (_u, splits) => splits.map((v) => (data.drills[v] ? day(data.drills[v]!.createdAt) : '')) },
            { ...AXIS, size: 36, splits: () => [0, 1, 2, 3], values: (_u, splits) => splits.map((v) => RATINGS.find((x) => HEIGHT[x] === v) ?? '') }],
          series: [{}, ...tasks.map((t, i) => ({ label: taskName(t, lang), stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 7 } }))],
          legend: { show: true, live: false },
        }, [data.drills.map((_, i) => i), ...tasks.map((t) => data.drills.map((d) => { const r = d.ratings.find((x) => x.task === t); return r ? HEIGHT[r.rating] : null; }))] as uPlot.AlignedData]} />
        <p className="muted">{RATINGS.map((r) => `${r} ${RATING_LABELS[r][lang]}`).join(' · ')}{w('proposedMark')}</p>
        <table data-testid="team-drills"><tbody>
          {data.drills.map((d) => <tr key={d.drillId}><td>{day(d.createdAt)}</td><td>{d.title[lang]}</td><td>{DRILL_OUTCOME_LABELS[d.outcome]?.[lang] ?? d.outcome}</td>
            <td>{d.ratings.map((r) => <span key={r.task} className="badge" title={`${taskName(r.task, lang)}${r.given ? '' : ` (${w('proposed')})`}`}>{r.rating}{r.given ? '' : '*'}</span>)}</td>
            <td><a href={`/api/drills/${d.drillId}/aar?format=html`}>{w('title')}</a></td></tr>)}
        </tbody></table>
      </section>
      <section>
        <h2>{w('plan')}</h2>
        <table data-testid="team-actions"><tbody>
          <tr><th>{w('task')}</th><th>{w('correctiveAction')}</th><th>{w('owner')}</th><th>{w('due')}</th><th>{w('status')}</th><th /></tr>
          {data.actions.map((a) => <tr key={a.id} data-testid={`action-${a.status}`}>
            <td>{taskName(a.task, lang)}</td><td>{a.text}</td><td>{a.ownerName}</td><td>{a.due}</td><td>{CORRECTIVE_STATUS_LABELS[a.status][lang]}</td>
            <td>{a.closeProposed && <span className="badge ok" data-testid="close-proposed">{w('closeProposed')}</span>}
              {writes && a.status === 'open' && <button onClick={() => void close(a.id)} data-testid="mark-done">{w('markDone')}</button>}</td>
          </tr>)}
        </tbody></table>
      </section>
    </>
  );
}
