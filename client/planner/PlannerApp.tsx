// `/?planner` (operator token): where the next gas detectors go. The candidates in the twin, coloured by
// what each would catch; click to add or remove one, or let the optimiser place a budget; leaks found and
// minutes to detection against the detectors installed today, the homes still unwatched (elderly living
// alone first), and the district file with the plan to download for DISTRICT.
import { useEffect, useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { evaluate, type GasTable, type PlanResult } from '../../twin-assets/placement';
import { useLang } from '../i18n';
import { LangToggle } from '../panels/LangToggle';
import { fetchDistrict } from '../net/district';
import type { LiveSnapshot } from '../net/liveRoom';
import { staffHeaders, takeUrlToken } from '../net/urlToken';
import { TwinScene } from '../scene/TwinScene';
import { PlacementMarkers } from './PlacementMarkers';

const EMPTY: LiveSnapshot = { status: 'connected', synced: true, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null };
const live = () => EMPTY;
const SIZE = { hose: { zh: '软管脱落', en: 'loose hose' }, crack: { zh: '软管开裂', en: 'cracked hose' }, pinhole: { zh: '针孔泄漏', en: 'pinhole' }, riser: { zh: '立管泄漏', en: 'riser leak' } } as const;

export interface PlacementStats { detectedPct: number; meanMinutes: number | null; meanImpact: number; unwatched: { id: string; undetected: number }[] }

/** What a placement gives: leaks found, minutes to detection (of those found), and what nothing finds, worst first. */
export function placementStats(t: GasTable, chosen: ReadonlySet<string>): PlacementStats {
  const idx = new Set(t.problem.sensors.flatMap((s, i) => (chosen.has(s.id) ? [i] : [])));
  const { value, outcomes } = evaluate(t.problem, idx, { objective: 'impact' });
  const found = outcomes.flatMap((o, a) => (o.detected ? [(60 * o.impact) / t.problem.scenarios[a]!.undetected] : []));
  return {
    detectedPct: (100 * found.length) / Math.max(outcomes.length, 1),
    meanMinutes: found.length ? found.reduce((s, m) => s + m, 0) / found.length : null,
    meanImpact: value,
    unwatched: outcomes.flatMap((o, a) => (o.detected ? [] : [{ id: o.scenario, undetected: t.problem.scenarios[a]!.undetected }])).sort((x, y) => y.undetected - x.undetected),
  };
}

/** The district file with the planned detectors added, for `DISTRICT=<file> npm start`. */
export function districtWithPlan(d: District, t: GasTable, chosen: ReadonlySet<string>): District {
  const hh = new Map(d.households.map((h) => [h.id, h]));
  const buildings = new Map(d.buildings.map((b) => [b.id, b]));
  const added = t.candidates.filter((c) => chosen.has(c.id) && !t.fixed.includes(c.id)).map((c, n) => ({
    id: `gas-plan-${n + 1}`, type: 'gas' as const, courtyardId: buildings.get(c.buildingId)?.courtyardId ?? null, buildingId: c.buildingId, householdId: c.householdId,
    floor: c.householdId ? hh.get(c.householdId)?.floor ?? null : buildings.get(c.buildingId)?.floors ?? null,
    room: c.kind === 'kitchen' ? 'kitchen' : 'gas riser shaft', position: { x: c.x, y: c.y, z: Math.round(c.z * 100) / 100 }, notify: [],
  }));
  return { ...d, devices: [...d.devices, ...added] };
}

export function PlannerApp() {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const [table, setTable] = useState<GasTable | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [budget, setBudget] = useState(5);
  const [solving, setSolving] = useState(false);
  const [solved, setSolved] = useState<PlanResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    takeUrlToken('street-twin.token');
    fetchDistrict().then(setDistrict, (e: Error) => setError(e.message));
    fetch('/api/planner/gas', { headers: staffHeaders() }).then(async (r) => { if (!r.ok) throw new Error((await r.json() as { error: string }).error); return r.json() as Promise<GasTable>; })
      .then((tb) => { setTable(tb); setChosen(new Set(tb.fixed)); setBudget(tb.fixed.length + 3); }, (e: Error) => setError(e.message));
  }, []);

  const fixed = useMemo(() => new Set(table?.fixed ?? []), [table]);
  const now = useMemo(() => (table ? placementStats(table, fixed) : null), [table, fixed]);
  const plan = useMemo(() => (table ? placementStats(table, chosen) : null), [table, chosen]);
  // Heat: the undetected impact each open candidate would catch, as a share of the largest.
  const heat = useMemo(() => {
    if (!table || !plan) return [];
    const open = new Set(plan.unwatched.map((u) => u.id));
    const catchOf = table.candidates.map((_, i) => table.problem.detections.reduce((s, ds, a) => s + (open.has(table.problem.scenarios[a]!.id) && ds.some((d) => d.sensor === i) ? table.problem.scenarios[a]!.undetected : 0), 0));
    const max = Math.max(...catchOf, 1e-9);
    return catchOf.map((v) => v / max);
  }, [table, plan]);

  const toggle = (id: string) => setChosen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const optimise = async () => {
    setSolving(true); setError(null);
    try {
      const r = await fetch('/api/planner/gas/optimise', { method: 'POST', headers: { ...staffHeaders(), 'content-type': 'application/json' }, body: JSON.stringify({ budget }) });
      const body = await r.json() as PlanResult & { error?: string };
      if (!r.ok) throw new Error(body.error);
      setSolved(body);
      setChosen(new Set(body.sensors));
    } catch (e) { setError((e as Error).message); } finally { setSolving(false); }
  };
  const download = () => {
    if (!district || !table) return;
    const blob = new Blob([JSON.stringify(districtWithPlan(district, table, chosen), null, 1)], { type: 'application/json' });
    const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${district.id}-gas-plan.district.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const nameOf = (scenarioId: string) => {
    const [, where, size] = scenarioId.split(':') as [string, string, keyof typeof SIZE];
    const place = table?.names[size === 'riser' ? `riser:${where}` : `kitchen:${where}`] ?? where;
    return `${place.split(' / ')[lang === 'zh' ? 0 : 1] ?? place} · ${SIZE[size]?.[lang] ?? size}`;
  };
  const minutes = (m: number | null) => (m === null ? '—' : `${m.toFixed(1)} ${t('minutes')}`);

  return (
    <div className="app">
      <header>
        <h1>{t('planner')} · {t('gasDetectors')}</h1>
        <span className="spacer" />
        <LangToggle />
      </header>
      <main className="scene">
        {district && table ? (
          <TwinScene district={district} live={live} lang={lang}>
            <PlacementMarkers candidates={table.candidates} fixed={fixed} chosen={chosen} heat={heat} onToggle={toggle} />
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
                <tr><td>{t('detectors')}</td><td>{fixed.size}</td><td data-testid="plan-count">{chosen.size}</td></tr>
                <tr><td>{t('leaksFound')}</td><td>{now.detectedPct.toFixed(0)} %</td><td data-testid="plan-detected">{plan.detectedPct.toFixed(0)} %</td></tr>
                <tr><td>{t('timeToDetect')}</td><td>{minutes(now.meanMinutes)}</td><td>{minutes(plan.meanMinutes)}</td></tr>
                <tr><td>{t('meanImpact')}</td><td>{now.meanImpact.toFixed(1)}</td><td data-testid="plan-impact">{plan.meanImpact.toFixed(1)}</td></tr>
              </tbody>
            </table>
          )}
          <form className="inline" onSubmit={(e) => { e.preventDefault(); void optimise(); }}>
            <label>{t('budget')} <input type="number" min={1} value={budget} onChange={(e) => setBudget(Number(e.target.value))} data-testid="plan-budget" /></label>
            <button className="primary" disabled={solving} data-testid="plan-optimise">{solving ? t('solving') : t('optimise')}</button>
            <button type="button" onClick={download} data-testid="plan-export">{t('exportDistrict')}</button>
          </form>
          {solved && <p data-testid="plan-quality">{solved.solver} · {t('gap')} {solved.gapPct.toFixed(2)} %</p>}
          <h3>{t('unwatched')}</h3>
          <ul className="plain" data-testid="plan-unwatched">{plan?.unwatched.slice(0, 12).map((u) => <li key={u.id}>{nameOf(u.id)}</li>)}</ul>
          <h3>{t('candidates')}</h3>
          <ul className="plain">{table?.candidates.map((c) => (
            <li key={c.id}><label><input type="checkbox" checked={chosen.has(c.id)} disabled={fixed.has(c.id)} onChange={() => toggle(c.id)} data-testid={`cand-${c.id}`} /> {(table.names[c.id] ?? c.id).split(' / ')[lang === 'zh' ? 0 : 1]}</label></li>
          ))}</ul>
        </div>
      </div>
    </div>
  );
}
