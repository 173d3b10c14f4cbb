// `/?planner[&type=gas|smoke|water_level]` (a planner logged in): where the next sensors go. The ground glows
// where incidents nothing would detect happen (the elderly living alone hottest); the candidate places in
// the twin are coloured by what each would catch; click to add or remove one, drag a planned one to
// another place, or let the optimiser place a budget; the figures follow at once against the sensors
// installed today; the plan downloads as a district patch for DISTRICT.
import { useEffect, useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { PLANNED_TYPES, type PlannedType, type PlanResult } from '../../twin-assets/placement';
import { useLang } from '../i18n';
import { LangToggle } from '../panels/LangToggle';
import { api, dataOf, type Data } from '../net/api';
import { fetchDistrict } from '../net/district';
import type { LiveSnapshot } from '../net/liveRoom';
import { RequireSession, WhoAmI } from '../panels/LoginPage';
import type { SessionPerson } from '../net/session';
import { districtBounds } from '../scene/cityGeometry';
import { TwinScene } from '../scene/TwinScene';
import { HeatLayer } from './HeatLayer';
import { PlacementMarkers } from './PlacementMarkers';
import { candidateHeat, placementPatch, placementStats, solverText } from './placementView';
import { usePageTitle } from '../pageTitle';

const EMPTY: LiveSnapshot = { status: 'connected', synced: true, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null };
const live = () => EMPTY;
const TYPE_KEYS = { gas: 'gasDetectors', smoke: 'smokeDetectors', water_level: 'waterGauges' } as const;

type ServedTable = Data<'getApiPlannerByType'>;

export function PlannerApp() {
  return <RequireSession>{(person) => <Planner person={person} />}</RequireSession>;
}

function Planner({ person }: { person: SessionPerson }) {
  const { lang, t } = useLang();
  const [type, setType] = useState<PlannedType>(() => {
    const asked = new URLSearchParams(location.search).get('type');
    return (PLANNED_TYPES as readonly string[]).includes(asked ?? '') ? (asked as PlannedType) : 'gas';
  });
  const [district, setDistrict] = useState<District | null>(null);
  const [table, setTable] = useState<ServedTable | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [budget, setBudget] = useState(5);
  const [solving, setSolving] = useState(false);
  const [solved, setSolved] = useState<PlanResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchDistrict().then(setDistrict, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    setTable(null); setSolved(null); setError(null);
    const url = new URL(location.href);
    url.searchParams.set('type', type);
    history.replaceState(null, '', url);
    dataOf(api('getApiPlannerByType', { params: { type } }))
      .then((tb) => { setTable(tb); setChosen(new Set(tb.fixed)); setBudget(tb.fixed.length + 3); }, (e: Error) => setError(e.message));
  }, [type]);

  const fixed = useMemo(() => new Set(table?.fixed ?? []), [table]);
  const now = useMemo(() => (table ? placementStats(table, fixed) : null), [table, fixed]);
  const plan = useMemo(() => (table ? placementStats(table, chosen) : null), [table, chosen]);
  const heat = useMemo(() => (table && plan ? candidateHeat(table, plan.unwatched) : []), [table, plan]);
  const bounds = useMemo(() => (district ? districtBounds(district) : null), [district]);
  const nameOf = (id: string) => { const n = table?.names[id] ?? id; return n.split(' / ')[lang === 'zh' ? 0 : 1] ?? n; };

  const toggle = (id: string) => setChosen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const move = (from: string, to: string) => setChosen((s) => { const n = new Set(s); n.delete(from); n.add(to); return n; });
  const optimise = async () => {
    setSolving(true); setError(null);
    try {
      const body = await dataOf(api('postApiPlannerByTypeOptimise', { params: { type }, body: { budget } }));
      setSolved(body);
      setChosen(new Set(body.sensors));
    } catch (e) { setError((e as Error).message); } finally { setSolving(false); }
  };
  const download = () => {
    if (!district || !table) return;
    const blob = new Blob([JSON.stringify(placementPatch(district, table, chosen, table.baseFile), null, 1)], { type: 'application/json' });
    const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${district.id}-${type}-plan.patch.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const minutes = (m: number | null) => (m === null ? '—' : `${m.toFixed(1)} ${t('minutes')}`);

  const heading = `${t('planner')} · ${t('title')}`;
  usePageTitle(heading);
  return (
    <div className="app">
      <header>
        <h1>{t('planner')}</h1>
        <nav className="tabs" data-testid="planner-types">
          {PLANNED_TYPES.map((k) => <button key={k} className={k === type ? 'primary' : ''} onClick={() => setType(k)} data-testid={`plan-type-${k}`}>{t(TYPE_KEYS[k])}</button>)}
        </nav>
        <span className="spacer" />
        <WhoAmI person={person} />
        <LangToggle />
      </header>
      <main className="scene">
        {district && table && bounds ? (
          <TwinScene district={district} live={live} lang={lang} devices={false}>
            <HeatLayer spots={plan?.heat ?? []} bounds={bounds} />
            <PlacementMarkers candidates={table.candidates} fixed={fixed} chosen={chosen} heat={heat} names={nameOf} onToggle={toggle} onMove={move} />
          </TwinScene>
        ) : <div className="empty">{error ?? t('loading')}</div>}
      </main>
      <div className="side">
        <div className="drill-panel" data-testid="planner-panel">
          {error && <p className="error" data-testid="planner-error">{error}</p>}
          {now && plan && (
            <table className="plain" data-testid="planner-stats">
              <thead><tr><th /><th>{t('installedNow')}</th><th>{t('withPlan')}</th></tr></thead>
              <tbody>
                <tr><td>{t('sensors')}</td><td>{fixed.size}</td><td data-testid="plan-count">{chosen.size}</td></tr>
                <tr><td>{t('incidentsFound')}</td><td>{now.detectedPct.toFixed(0)} %</td><td data-testid="plan-detected">{plan.detectedPct.toFixed(0)} %</td></tr>
                <tr><td>{t('timeToDetect')}</td><td>{minutes(now.meanMinutes)}</td><td data-testid="plan-minutes">{minutes(plan.meanMinutes)}</td></tr>
                <tr><td>{t(table?.useProbability ? 'expectedImpact' : 'meanImpact')}</td><td>{now.meanImpact.toFixed(1)}</td><td data-testid="plan-impact">{plan.meanImpact.toFixed(1)}</td></tr>
              </tbody>
            </table>
          )}
          <form className="inline" onSubmit={(e) => { e.preventDefault(); void optimise(); }}>
            <label>{t('budget')} <input type="number" min={1} value={budget} onChange={(e) => setBudget(Number(e.target.value))} data-testid="plan-budget" /></label>
            <button className="primary" disabled={solving || !table} data-testid="plan-optimise">{solving ? t('solving') : t('optimise')}</button>
            <button type="button" onClick={download} disabled={!table} data-testid="plan-export">{t('exportPatch')}</button>
          </form>
          {solved && <p data-testid="plan-quality">{solverText(solved.solver, lang)} · {t('gap')} {solved.gapPct.toFixed(2)} %</p>}
          <p className="hint">{t('plannerHint')}</p>
          <h3>{t('unwatched')}</h3>
          <ul className="plain" data-testid="plan-unwatched">{plan?.unwatched.slice(0, 12).map((u) => <li key={u.id}>{nameOf(u.id)}</li>)}</ul>
          <h3>{t('candidates')}</h3>
          <ul className="plain">{table?.candidates.map((c) => (
            <li key={c.id}><label><input type="checkbox" checked={chosen.has(c.id)} disabled={fixed.has(c.id)} onChange={() => toggle(c.id)} data-testid={`cand-${c.id}`} /> {nameOf(c.id)}</label></li>
          ))}</ul>
        </div>
      </div>
    </div>
  );
}
