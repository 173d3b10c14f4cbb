// When the drill ends, every participant gets their own part of the review: how it ended, the score, what
// they did (and what was refused, with the reason), the objectives they met; the trainer gets every role.
// Read from the after-action report (GET /api/drills/<id>/report), built in a worker on the server.
import { useEffect, useState } from 'react';
import { actionLabel } from '../../scenarios/actions';
import { byLabel, DRILL_OUTCOME_LABELS, ROLE_LABELS } from '../../twin-assets/labels';
import { useLang } from '../i18n';
import { api, type Data } from '../net/api';
import { clock } from './ResponderPanel';

// A guest (no session) shows the drill's join code for their own end screen.
const guestHeaders = (): Record<string, string> => {
  const saved = [...Object.keys(sessionStorage)].find((k) => k.startsWith('street-twin.guest.'));
  const code = saved ? (JSON.parse(sessionStorage.getItem(saved)!) as { code?: string }).code : undefined;
  return code ? { 'x-drill-code': code } : {};
};

/** The report, or the part of it this participant may read. */
type ReportPart = Data<'getApiDrillsByDrillIdReport'>;

export function EndScreen({ drillId, playerId, trainer }: { drillId: string; playerId: string | null; trainer: boolean }) {
  const { lang, t } = useLang();
  const [report, setReport] = useState<ReportPart | null>(null);
  const [closed, setClosed] = useState(false);
  useEffect(() => { void api('getApiDrillsByDrillIdReport', { params: { drillId }, query: { format: 'json' }, headers: guestHeaders() }).then((r) => { if (r.ok) setReport(r.data); }); }, [drillId]);
  if (closed || !report) return null;
  const mine = report.roles.filter((r) => trainer || r.playerId === playerId);
  const me = report.roles.find((r) => r.playerId === playerId);
  const myObjectives = report.objectives.filter((o) => trainer || (me && o.by === `${me.name} (${me.role})`));
  return (
    <div className="end-screen" role="dialog" data-testid="end-screen">
      <h2>{t('drillOver')} · {DRILL_OUTCOME_LABELS[report.outcome]?.[lang] ?? report.outcome}</h2>
      <p>{t('score')} <b data-testid="end-score">{report.score.earned} / {report.score.possible}</b></p>
      {mine.map((r) => (
        <section key={r.playerId}>
          <h3>{trainer ? `${r.name} · ${ROLE_LABELS[r.role]?.[lang] ?? r.role}` : t('yourActions')}</h3>
          {r.actions.length === 0 ? <p className="muted">{t('none')}</p> : (
            <ol className="plain" data-testid="end-actions">{r.actions.map((a, i) => (
              <li key={i} className={a.ok ? 'ok' : 'bad'}><span className="role">{clock(a.simS)}</span> {actionLabel(a.action)[lang]}{a.ok ? '' : ` · ${t('refusedAction')}`}{(lang === 'zh' ? a.zh : a.detail) ? `：${lang === 'zh' ? a.zh : a.detail}` : ''}</li>
            ))}</ol>
          )}
        </section>
      ))}
      <h3>{trainer ? t('objectives') : t('yourObjectives')}</h3>
      {myObjectives.length === 0 ? <p className="muted">{t('none')}</p> : (
        <ul className="plain" data-testid="end-objectives">{myObjectives.map((o) => (
          <li key={o.id} className={o.met ? 'ok' : ''}>{o.met ? '✔' : '✘'} {actionLabel(o.action)[lang]}{o.by ? ` · ${byLabel(o.by, lang)}` : ''}{o.doneAtS !== null && report.firstAlarmS !== null ? ` · ${clock(o.doneAtS - report.firstAlarmS)}` : ''}</li>
        ))}</ul>
      )}
      <p className="links">
        <a href={`/api/drills/${encodeURIComponent(drillId)}/report?format=html&lang=${lang}`} target="_blank" rel="noreferrer">{t('report')}</a>
        <a href={`/?replay=${encodeURIComponent(drillId)}`}>{t('replay')}</a>
        <button onClick={() => setClosed(true)}>{t('close')}</button>
      </p>
    </div>
  );
}
