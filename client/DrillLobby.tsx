// `/?drills`: the drills running on this server, a form to join one with a role, and for trainers a form to
// start a new one from the scenario library; each drill's guest join code for those who run drills.
import { useEffect, useState } from 'react';
import { DEFAULT_TEAM, EVALUATOR_SEAT, ROLES, type Role, type Seat } from '../twin-assets/protocol';
import { AAR_WORDS, byLabel } from '../twin-assets/labels';
import { STAFF_ROLE_LABELS } from '../twin-assets/permissions';
import { ROLE_LABELS, useLang } from './i18n';
import { LangToggle } from './panels/LangToggle';
import { RequireSession, WhoAmI } from './panels/LoginPage';
import { api, type Data } from './net/api';
import type { SessionPerson } from './net/session';
import { usePageTitle } from './pageTitle';
import { formatTime } from './format';

/** A drill held now (with its room), or a past one (its report and replay remain). */
type DrillRow = Data<'getApiDrills'>[number];
type ScenarioRow = Data<'getApiScenarios'>[number];

export function DrillLobby() {
  return <RequireSession>{(person) => <Lobby person={person} />}</RequireSession>;
}

function Lobby({ person }: { person: SessionPerson }) {
  const { lang, t } = useLang();
  const runs = person.permissions['drills.run'] !== undefined;
  const evaluates = person.permissions['drills.evaluate'] !== undefined;
  const reads = person.permissions['drills.report'] !== undefined;
  const [team, setTeam] = useState(DEFAULT_TEAM);
  const [drills, setDrills] = useState<DrillRow[]>([]);
  const [scenarios, setScenarios] = useState<ScenarioRow[]>([]);
  const [scenarioId, setScenarioId] = useState('');
  const [role, setRole] = useState<Role>('commander');
  const [error, setError] = useState<string | null>(null);

  const refresh = () => api('getApiDrills').then((r) => { if (r.ok) setDrills(r.data); });
  useEffect(() => {
    void refresh();
    void api('getApiScenarios').then((r) => { if (r.ok) { setScenarios(r.data); setScenarioId(r.data[0]?.id ?? ''); } });
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, []);

  const go = (roomId: string, r: Seat) => { location.href = `/?drill=${encodeURIComponent(roomId)}&role=${r}`; };
  const create = async () => {
    const r = await api('postApiDrills', { body: { scenarioId, team } });
    if (!r.ok) { setError(r.error); return; }
    go(r.data.roomId, 'trainer');
  };

  const heading = `${t('title')} · ${t('drills')}`;
  usePageTitle(heading);
  return (
    <div className="app">
      <header>
        <h1>{heading}</h1>
        <a className="badge" href="/">{t('live')}</a>
        <a className="badge" href="/?team" data-testid="teams-link">{AAR_WORDS.teamPage[lang]}</a>
        <span className="spacer" />
        <WhoAmI person={person} />
        <LangToggle />
      </header>
      <div className="lobby">
        {runs && <section>
          <h2>{t('newDrill')}</h2>
          <form onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} data-testid="scenario">{scenarios.map((s) => <option key={s.id} value={s.id}>{s.title[lang]}</option>)}</select>
            <label>{AAR_WORDS.team[lang]} <input value={team} onChange={(e) => setTeam(e.target.value)} maxLength={40} required data-testid="team" /></label>
            <button className="primary" type="submit" data-testid="create-drill">{t('newDrill')}</button>
          </form>
          {error && <p className="outcome bad">{error}</p>}
        </section>}
        <section>
          <h2>{t('drills')}</h2>
          <form onSubmit={(e) => e.preventDefault()}>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.filter((r) => r !== 'trainer').map((r) => <option key={r} value={r}>{ROLE_LABELS[r]![lang]}</option>)}</select>
          </form>
          <table>
            <tbody>
              {drills.map((d) => (
                <tr key={d.drillId}>
                  <td>{scenarios.length === 0 ? '…' : scenarios.find((s) => s.id === d.scenarioId)?.title[lang] ?? t('scenarioGone')}</td><td>{d.team && <a href={`/?team=${encodeURIComponent(d.team)}`}>{d.team}</a>}</td>
                  {/* When and by whom: two drills of one scenario are told apart at a glance. */}
                  <td data-testid="drill-started">{formatTime(d.createdAt, lang)}{d.trainer ? ` · ${byLabel(d.trainer, lang)}` : ''}</td><td>{t(d.status as 'running')}</td><td>{d.players ?? ''}</td>
                  <td>{d.code && <span className="badge" title={t('joinCode')} data-testid="join-code">{t('joinCode')} {d.code}</span>} {d.roomId && <button onClick={() => go(d.roomId!, role)}>{t('join')}</button>}{d.roomId && runs && <> <button onClick={() => go(d.roomId!, 'trainer')}>{ROLE_LABELS.trainer[lang]}</button></>}{d.roomId && evaluates && <> <button onClick={() => go(d.roomId!, EVALUATOR_SEAT)} data-testid="join-evaluator">{STAFF_ROLE_LABELS.evaluator[lang]}</button></>} <a href={`/api/drills/${d.drillId}/report?format=html`}>{t('report')}</a>{reads && <> <a href={`/api/drills/${d.drillId}/aar?format=html`}>{AAR_WORDS.title[lang]}</a></>}
                    {!d.roomId && <> <a href={`/?replay=${encodeURIComponent(d.drillId)}`}>{t('replay')}</a></>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
