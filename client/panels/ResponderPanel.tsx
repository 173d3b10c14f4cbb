// A responder's side panel in a drill: where to go, what this role may do (the server decides), the
// tasks for this role, messages, objectives and the timeline.
import { useState } from 'react';
import type { DrillConnection, DrillSnapshot } from '../net/drillRoom';
import { ACTION_TABLE, actionLabel } from '../../scenarios/actions';
import { TASK_LABELS, useLang } from '../i18n';
import { byLabel } from '../../twin-assets/labels';

const TASK_KIND: Record<string, string> = { grid_worker: 'grid_worker', firefighter: 'micro_fire_station', medic: 'aed' };

export function ResponderPanel({ drill, connection }: { drill: DrillSnapshot; connection: DrillConnection }) {
  const { lang, t } = useLang();
  const [hazard, setHazard] = useState('');
  const me = drill.me;
  const incident = drill.alarms[0];
  const myTasks = drill.tasks.filter((task) => task.kind === TASK_KIND[me?.role ?? '']);
  const self = drill.players.find((p) => p.id === me?.playerId);
  // Straight-line distance, for orientation; the server measures to the building's wall when it checks an action.
  const away = self && incident ? Math.round(Math.hypot(self.x - incident.x, self.y - incident.y)) : null;
  return (
    <div className="drill-panel">
      <section>
        <button className="primary" data-testid="go-incident" disabled={!incident || drill.drillStatus !== 'running'}
          onClick={() => incident && connection.send({ type: 'move', x: incident.x, y: incident.y })}>{t('goToIncident')}</button>
        <span className="muted"> {t('clickToMove')}</span>
        {away !== null && <p className="muted" data-testid="distance">{t('distance')} {away} m{self?.moving ? ` · ${t('onTheWay')}` : ''}</p>}
      </section>
      <section>
        <h3>{t('actions')}</h3>
        <div className="actions">
          {(me?.actions ?? []).filter((a) => a !== 'report_hazard').map((a) => (
            <button key={a} data-testid={`act-${a}`} disabled={drill.drillStatus !== 'running'} onClick={() => connection.send({ type: 'act', action: a })}>{actionLabel(a)[lang]}</button>
          ))}
        </div>
        {me?.actions.includes('report_hazard') && (
          <form className="inline" onSubmit={(e) => { e.preventDefault(); connection.send({ type: 'act', action: 'report_hazard', text: hazard }); setHazard(''); }}>
            <input value={hazard} onChange={(e) => setHazard(e.target.value)} placeholder={t('hazardText')} maxLength={200} />
            <button type="submit">{actionLabel('report_hazard')[lang]}</button>
          </form>
        )}
        <LastOutcome drill={drill} />
      </section>
      {myTasks.length > 0 && (
        <section>
          <h3>{t('myTasks')}</h3>
          <ul className="plain">
            {myTasks.map((task) => (
              <li key={task.id}>{task.resourceName} · {TASK_LABELS[task.state]?.[lang] ?? task.state}
                {task.state === 'assigned' && <button data-testid="task-accept" onClick={() => connection.send({ type: 'task', taskId: task.id, state: 'en_route' })}>{t('accept')}</button>}
                {task.state === 'on_site' && <button data-testid="task-done" onClick={() => connection.send({ type: 'task', taskId: task.id, state: 'done' })}>{t('taskDone')}</button>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <DrillProgress drill={drill} />
    </div>
  );
}

/** Messages, objectives and the timeline: the same for every role. */
export function DrillProgress({ drill }: { drill: DrillSnapshot }) {
  const { lang, t } = useLang();
  return (
    <>
      {drill.notices.length > 0 && (
        <section>
          <h3>{t('notices')}</h3>
          <ul className="plain" data-testid="notices">{drill.notices.slice().reverse().map((n) => <li key={n.at + n.text}><b>{n.from === 'scenario' ? t('scenario') : byLabel(n.from, lang)}</b>{lang === 'zh' ? '：' : ': '}{lang === 'zh' ? n.zh ?? n.text : n.text}</li>)}</ul>
        </section>
      )}
      {drill.objectives && (
        <section>
          <h3>{t('objectives')} · {t('score')} {drill.objectives.score.earned} / {drill.objectives.score.possible}</h3>
          <ul className="plain" data-testid="objectives">
            {drill.objectives.objectives.map((o) => <li key={o.id} className={o.met ? 'ok' : ''}>{o.met ? '✔' : o.doneAtS !== null ? '✘' : '…'} {actionLabel(o.action)[lang]} ≤ {Math.round(o.withinS / 60)} {t('minutes')}</li>)}
          </ul>
        </section>
      )}
      <section className="timeline">
        <h3>{t('timeline')}</h3>
        <ul className="plain" data-testid="timeline">{drill.timeline.slice(-15).reverse().map((e, i) => <li key={`${e.tS}-${i}`}><span className="role">{clock(e.tS)}</span> {lang === 'zh' ? e.zh || e.text : e.text}</li>)}</ul>
      </section>
    </>
  );
}

/** The server's answer to this player's last ask, in the interface's language. */
export function LastOutcome({ drill }: { drill: DrillSnapshot }) {
  const { lang } = useLang();
  const o = drill.lastOutcome;
  if (!o) return null;
  const label = o.action && o.action in ACTION_TABLE ? actionLabel(o.action)[lang] : undefined; // moves and the trainer's controls speak for themselves
  const what = label ? `${label}${lang === 'zh' ? '：' : ': '}` : '';
  return <p className={o.ok ? 'outcome ok' : 'outcome bad'} data-testid="last-outcome">{what}{o[lang]}</p>;
}

export const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
