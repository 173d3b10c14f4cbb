// `/editor` (a trainer logged in): write a drill scenario in the twin. Start blank or from the library, click a
// building to place a gas leak or a fire in a named home (low ground for a flood), set who is at home and
// what is offline, lay injects and objectives on the timeline, and watch the check as you type (the same
// errors as scenario:check, on the field and the YAML line, and what no drill can reach). Try it headless
// on the server and step through the run in the twin; save it as a new version; start a drill from it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { deviceName, indexDistrict, placeName } from '../../twin-assets/districtIndex';
import { parse as parseYaml } from 'yaml';
import { zhMessage } from '../../scenarios/errorsZh';
import type { ScenarioError } from '../../scenarios/parse';
import { ACTIONS, type ActionKind, type InjectCondition, type Scenario } from '../../scenarios/schema';
import { setIn, type YamlPath } from '../../scenarios/yamlEdit';
import type { District } from '../../twin-assets/districtSchema';
import { actionLabel, objectiveTask } from '../../scenarios/actions';
import { CAPABILITIES, TASK_REFS, taskNames, type TaskRef } from '../../scenarios/capabilities';
import { AAR_WORDS, REVIEW } from '../../twin-assets/labels';
import { ROLE_LABELS } from '../../twin-assets/labels';
import { RESPONSE_LEVELS, ROLES, type ResponseLevel, type Role } from '../../twin-assets/protocol';
import { useLang } from '../i18n';
import { api, type Data } from '../net/api';
import { fetchDistrict } from '../net/district';
import { RequireSession } from '../panels/LoginPage';
import { LangToggle } from '../panels/LangToggle';
import { clock } from '../panels/ResponderPanel';
import { replayView } from '../replayView';
import { Avatars } from '../scene/Avatars';
import { probe, TwinScene } from '../scene/TwinScene';
import { HAZARDS } from '../../scenarios/hazards/registry';
import { addInject, addObjective, setObjectiveTask, templateCopy, blankDraft, buildingAt, craneAt, deviceOffline, floodZoneAt, householdName, isSite, paramsOf, PLACEABLE, placedOn, placeHazard, sensingDevices, type Where } from './draft';
import { MselTimeline } from './MselTimeline';
import { Statechart } from './Statechart';
import { usePageTitle } from '../pageTitle';


/** The check's answer, its scenario read as the editor reads one (the API declares it loosely: it is the file's). */
type Check = (Extract<Data<'postApiScenariosValidate'>, { ok: true }> & { scenario: Scenario }) | Extract<Data<'postApiScenariosValidate'>, { ok: false }> | { ok: false; errors: ScenarioError[]; warnings: ScenarioError[] };
type Library = Data<'getApiScenarios'>;
type Tried = Data<'postApiScenariosTry'>;

/** The draft as far as it reads, for drawing while it has errors. */
function loose(yaml: string): Partial<Scenario> | null { try { const v = parseYaml(yaml) as unknown; return v && typeof v === 'object' ? (v as Partial<Scenario>) : null; } catch { return null; } }

export function EditorApp() {
  return <RequireSession>{() => <Editor />}</RequireSession>;
}

function Editor() {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const districtIndex = useMemo(() => (district ? indexDistrict(district) : null), [district]);
  const where = (deviceId: string | undefined) => { const d = deviceId ? districtIndex?.devices.get(deviceId) : undefined; return d && districtIndex ? ` · ${placeName(districtIndex, d, lang)}` : ''; };
  const [library, setLibrary] = useState<Library>([]);
  const [yaml, setYaml] = useState('');
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [mode, setMode] = useState<string>(PLACEABLE[0]!);
  const [building, setBuilding] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [tried, setTried] = useState<Tried | null>(null);
  const [busy, setBusy] = useState(false);
  const [at, setAt] = useState(0);
  const atRef = useRef(0);
  atRef.current = at;
  const yamlBox = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    fetchDistrict().then((d) => { setDistrict(d); setYaml((y) => y || blankDraft(d, 'my-drill')); }, (e: Error) => setMessage(e.message));
    void api('getApiScenarios').then((r) => { if (r.ok) setLibrary(r.data); });
  }, []);
  // The check as you type: the server's scenario:check (in a worker), a moment after the last key.
  useEffect(() => {
    if (!yaml) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api('postApiScenariosValidate', { raw: yaml, signal: ctl.signal })
        .then((r) => setCheck(!r.ok ? { ok: false, errors: [{ path: '(file)', line: null, column: null, message: r.error }], warnings: [] } : r.data.ok ? { ...r.data, scenario: r.data.scenario as Scenario } : r.data), () => {});
    }, 250);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [yaml]);

  const draft = useMemo(() => loose(yaml), [yaml]);
  const current = check?.ok ? check.scenario ?? null : null;
  const id = typeof draft?.id === 'string' ? draft.id : '';
  const edit = (f: (y: string) => string) => { try { setYaml(f(yaml)); setTried(null); } catch (e) { setMessage((e as Error).message); } };
  const view = useMemo(() => replayView(tried?.report ?? null, () => atRef.current), [tried]);
  /** A check message in the page's language. */
  const said = (e: ScenarioError) => (lang === 'zh' ? e.zh ?? e.message : e.message);
  const errorsAt = (path: string) => (check?.errors ?? []).filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
  const badPaths = useMemo(() => new Set([...(check?.errors ?? []), ...(check?.warnings ?? [])].map((e) => e.path.replace(/^((?:injects|expected)\[\d+\]).*/, '$1'))), [check]);

  const open = async (scenarioId: string) => {
    if (!district) return;
    if (!scenarioId) { setYaml(blankDraft(district, 'my-drill')); setBaseVersion(null); return; }
    const r = await api('getApiScenariosByScenarioId', { params: { scenarioId } });
    if (!r.ok) return setMessage(r.error);
    const got = r.data;
    // A built-in is a template: the copy gets an id of its own.
    setYaml(got.builtin ? templateCopy(got.yaml, scenarioId) : got.yaml);
    setBaseVersion(got.builtin ? null : got.version);
    setTried(null);
  };
  const place = (where: Where) => { if (district) edit((s) => placeHazard(s, draft, district, mode, where)); };
  const onBuilding = (buildingId: string) => {
    if (!district) return;
    if (placedOn(mode) === 'scaffold') {
      if (!isSite(district, buildingId)) return setMessage(t('notASite'));
      if (!sensingDevices(district, mode, { buildingId }).length) return setMessage(t('noBracelet'));
      return place({ buildingId });
    }
    setBuilding(buildingId);
  };
  const onGround = (x: number, y: number) => {
    if (!district) return;
    if (placedOn(mode) === 'zone') { const z = floodZoneAt(district, x, y); if (z) place({ zoneId: z.id }); return; }
    if (placedOn(mode) === 'crane') { const c = craneAt(district, x, y); if (c) place({ craneId: c.id }); return; }
    const b = buildingAt(district, x, y);
    if (b) onBuilding(b.id);
  };
  const save = async () => {
    setBusy(true); setMessage(null);
    try {
      const r = await api('putApiScenariosByScenarioId', { params: { scenarioId: id }, raw: yaml, headers: baseVersion !== null ? { 'if-match': String(baseVersion) } : {} });
      if (!r.ok) throw new Error(r.error);
      setBaseVersion(r.data.version);
      setMessage(`${t('saved')} ${r.data.version}`);
      const library = await api('getApiScenarios');
      if (library.ok) setLibrary(library.data);
    } catch (e) { setMessage((e as Error).message); } finally { setBusy(false); }
  };
  const tryIt = async () => {
    setBusy(true); setMessage(null);
    try {
      const r = await api('postApiScenariosTry', { raw: yaml });
      if (!r.ok) throw new Error(r.error);
      setTried(r.data); setAt(0);
    } catch (e) { setMessage((e as Error).message); } finally { setBusy(false); }
  };
  const startDrill = async () => {
    const r = await api('postApiDrills', { body: { scenarioId: id } });
    setMessage(r.ok ? `${t('drillStarted')} ${r.data.drillId}` : r.error);
  };
  const goToLine = (line: number | null) => {
    const box = yamlBox.current;
    if (!box || !line) return;
    const offset = yaml.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    box.focus(); box.setSelectionRange(offset, offset);
    box.scrollTop = (line - 3) * 16;
  };

  const heading = `${t('editor')} · ${t('title')}`;
  usePageTitle(heading);
  const b = building && district ? district.buildings.find((x) => x.id === building) : null;
  const homes = b && district ? district.households.filter((h) => h.buildingId === b.id) : [];
  const timelineScenario = current ?? (draft && Array.isArray(draft.injects) && Array.isArray(draft.expected) && draft.end ? (draft as Scenario) : null);

  return (
    <div className="app editor">
      <header>
        <h1>{t('editor')}</h1>
        <label>{t('startFrom')} <select onChange={(e) => void open(e.target.value)} data-testid="editor-open">
          <option value="">{t('blank')}</option>
          {library.map((s) => <option key={s.id} value={s.id}>{s.title[lang]}{s.builtin ? ` ${t('template')}` : ` · v${s.version}`}</option>)}
        </select></label>
        <label>{t('scenarioId')} <input value={id} onChange={(e) => { edit((s) => setIn(s, ['id'], e.target.value)); setBaseVersion(null); }} data-testid="editor-id" /></label>
        <button onClick={() => void tryIt()} disabled={busy || !check?.ok} data-testid="editor-try">{busy ? t('trying') : t('tryIt')}</button>
        <button className="primary" onClick={() => void save()} disabled={busy || !check?.ok} data-testid="editor-save">{t('save')}</button>
        <button onClick={() => void startDrill()} disabled={baseVersion === null} title={baseVersion === null ? t('saveFirst') : undefined} data-testid="editor-start">{t('startDrill')}</button>
        <span className="spacer" />
        <LangToggle />
      </header>
      <main className="scene">
        {district ? (
          <TwinScene district={district} live={view} lang={lang} onGroundClick={onGround} onBuildingClick={onBuilding}>
            {tried && <Avatars view={view} onProbe={(p) => { probe().avatars = p; }} />}
          </TwinScene>
        ) : <div className="empty">{t('loading')}</div>}
        {tried && (
          <div className="scrubber">
            <span>{t('step')}</span>
            <input type="range" min={0} max={tried.report.durationS} value={at} onChange={(e) => setAt(Number(e.target.value))} data-testid="editor-scrubber" />
            <span data-testid="editor-time">{clock(at)} / {clock(tried.report.durationS)}</span>
          </div>
        )}
      </main>
      <div className="side">
        <div className="drill-panel" data-testid="editor-panel">
          {message && <p className="notice" data-testid="editor-message">{message}</p>}
          <section data-testid="editor-check">
            <h3>{t('check')}</h3>
            {check && (check.ok ? <p className="ok" data-testid="editor-valid">✓ {t('valid')}</p> : <p className="error">{check.errors.length} {t('errorsFound')}</p>)}
            <ul className="plain">
              {check?.errors.map((e, i) => <li key={`e${i}`} className="error" data-testid="editor-error" onClick={() => goToLine(e.line)}>{e.line ? `${t('line')} ${e.line}: ` : ''}<code>{e.path}</code>: {said(e)}</li>)}
              {check?.warnings.map((e, i) => <li key={`w${i}`} className="warning" data-testid="editor-warning" onClick={() => goToLine(e.line)}>{e.line ? `${t('line')} ${e.line}: ` : ''}<code>{e.path}</code>: {said(e)}</li>)}
            </ul>
          </section>

          <section>
            <h3>{t('placeHazard')}</h3>
            <p className="hint">{t('placeHint')}</p>
            <div className="inline">{PLACEABLE.map((m) => <button key={m} className={m === mode ? 'primary' : ''} onClick={() => setMode(m)} data-testid={`place-${m}`}>{HAZARDS.name(m)[lang]}</button>)}</div>
            {b && district && placedOn(mode) === 'home' && (
              <div data-testid="editor-homes">
                <b>{b.name[lang]}</b> · {t('pickHome')}
                <ul className="plain">{homes.map((h) => {
                  const sensing = sensingDevices(district, mode, { householdId: h.id }).length > 0;
                  return <li key={h.id}><button disabled={!sensing} onClick={() => { edit((s) => placeHazard(s, draft, district, mode, { householdId: h.id })); setBuilding(null); }} data-testid={`home-${h.id}`}>{householdName(district, h.id, lang)}{sensing ? '' : ` ${t('noSensor')}`}</button></li>;
                })}</ul>
              </div>
            )}
            {(draft?.hazards ?? []).map((hz, i) => (
              <div key={`${hz.id}-${i}`} className="hazard" data-testid={`hazard-${i}`}>
                {/* A hazard by what it is and where (its first detector's place), never by its id. */}
                <b>{i + 1}. {HAZARDS.has(hz.model) ? HAZARDS.name(hz.model)[lang] : t('hazards')}</b>{where(hz.deviceIds?.[0])}
                <label>{t('startsAfter')} <input type="number" value={hz.startAfterS ?? 0} onChange={(e) => edit((s) => setIn(s, ['hazards', i, 'startAfterS'], Number(e.target.value)))} /> {t('seconds')}</label>
                {hz.model && HAZARDS.has(hz.model) && hz.params && <ParamCurve model={hz.model} params={hz.params} />}
                {paramsOf(hz.model).map((p) => (
                  <label key={p.key} className="param">{p[lang]} <input type="number" step="any" value={(hz.params as Record<string, number> | undefined)?.[p.key] ?? ''} data-testid={`param-${i}-${p.key}`}
                    onChange={(e) => edit((s) => setIn(s, ['hazards', i, 'params', p.key], e.target.value === '' ? null : Number(e.target.value)))} /> {p.unit}
                    <span className="muted"> [{p.min ?? '…'}–{p.max ?? '…'}]</span>
                    {errorsAt(`hazards[${i}].params.${p.key}`).map((e, k) => <span key={k} className="error" data-testid="field-error"> {said(e)}</span>)}
                  </label>
                ))}
              </div>
            ))}
            {errorsAt('hazards').filter((e) => e.path === 'hazards').map((e, k) => <p key={k} className="error" data-testid="field-error">{said(e)}</p>)}
            {district && <AtHome district={district} atHome={draft?.initial?.atHome ?? []} onChange={(list) => edit((s) => setIn(s, ['initial', 'atHome'], list))} />}
            {district && <Offline district={district} onAdd={(dev) => edit((s) => deviceOffline(s, draft, dev))} />}
          </section>

          <section>
            <h3>{t('msel')}</h3>
            {timelineScenario && <MselTimeline scenario={timelineScenario} badPaths={badPaths} onMove={(path: YamlPath, s) => edit((y) => setIn(y, path, s))} />}
            <InjectForm onAdd={(inj) => edit((s) => addInject(s, draft, inj))} roles={(draft?.roles ?? []) as Role[]} />
            <ObjectiveForm onAdd={(o) => edit((s) => addObjective(s, draft, o))} />
            <ObjectiveTasks expected={draft?.expected ?? []} onChange={(i, task) => edit((s) => setObjectiveTask(s, draft, i, task))} />
            {check && 'reachability' in check && (
              <ul className="plain" data-testid="editor-reach">{check.reachability.objectives.map((o) => (
                <li key={o.id} className={o.reachable ? '' : 'warning'}>{actionLabel(o.action)[lang]}: {o.reachable ? `${t('shortestPath')} ${o.path.map((p) => (p === 'alarm' ? t('alarmStep') : actionLabel(p)[lang])).join(' → ')}` : `${t('unreachable')} — ${lang === 'zh' && o.reason ? zhMessage(o.reason) : o.reason}`}</li>
              ))}</ul>
            )}
          </section>
          {current && <Statechart scenario={current} />}

          {tried && (
            <section data-testid="editor-tried">
              <h3>{t('tryIt')} · {t('outcome')}: <span data-testid="editor-outcome">{tried.outcome === 'resolved' ? t('resolvedOutcome') : t('failedOutcome')}</span> ({clock(tried.simulatedS)})</h3>
              <table className="plain"><tbody>{tried.report.kpis.map((k) => <tr key={k.id}><td>{REVIEW.kpi[k.id][lang]}</td><td>{k.seconds === null ? '—' : clock(k.seconds)}</td><td>{k.limitS === null ? '' : clock(k.limitS)}</td><td>{k.met === null ? '' : k.met ? '✓' : '✗'}</td></tr>)}</tbody></table>
              <ul className="plain" data-testid="editor-tried-timeline">{tried.report.timeline.filter((e) => e.simS <= at).slice(-12).reverse().map((e, i) => <li key={i}><span className="role">{clock(e.simS)}</span> {lang === 'zh' ? e.zh ?? e.text : e.text}</li>)}</ul>
            </section>
          )}

          <section>
            <h3>{t('yamlSource')}</h3>
            <textarea ref={yamlBox} className="yaml" value={yaml} onChange={(e) => { setYaml(e.target.value); setTried(null); }} spellCheck={false} rows={24} data-testid="editor-yaml" />
          </section>
        </div>
      </div>
    </div>
  );
}

/** A curve of a hazard's params its model draws for the editor (a storm's rainfall over time); nothing for the others. */
function ParamCurve({ model, params }: { model: string; params: unknown }) {
  const { lang } = useLang();
  const curve = HAZARDS.of(model).editor?.curve;
  const checked = HAZARDS.of(model).params.safeParse(params);
  if (!curve || !checked.success) return null;
  const p = checked.data;
  // A tenth past its span, so the curve is seen to end.
  const W = 300, H = 60, n = 60, spanS = curve.spanS(p), peak = curve.peak(p);
  const pts = Array.from({ length: n + 1 }, (_, k) => `${(W * k) / n},${H - (H * curve.of(p, (spanS * 1.1 * k) / n)) / peak}`).join(' ');
  return (
    <figure className="rain" data-testid="param-curve">
      <svg viewBox={`0 0 ${W} ${H + 12}`} width={W}><polyline points={pts} fill="none" stroke="#58a6ff" strokeWidth={2} /><text x={2} y={10} className="tick">{peak} {curve.unit}</text><text x={W - 60} y={H + 11} className="tick">{Math.round(spanS / 60)} min</text></svg>
      <figcaption className="muted">{curve.caption[lang]}</figcaption>
    </figure>
  );
}

function AtHome({ district, atHome, onChange }: { district: District; atHome: string[]; onChange(list: string[]): void }) {
  const { lang, t } = useLang();
  return (
    <details><summary>{t('atHome')} ({atHome.length})</summary>
      <ul className="plain">{district.households.map((h) => (
        <li key={h.id}><label><input type="checkbox" checked={atHome.includes(h.id)} onChange={(e) => onChange(e.target.checked ? [...atHome, h.id] : atHome.filter((x) => x !== h.id))} /> {householdName(district, h.id, lang)}</label></li>
      ))}</ul>
    </details>
  );
}

function Offline({ district, onAdd }: { district: District; onAdd(deviceId: string): void }) {
  const { lang, t } = useLang();
  const index = useMemo(() => indexDistrict(district), [district]);
  const [dev, setDev] = useState('');
  return (
    <form className="inline" onSubmit={(e) => { e.preventDefault(); if (dev) onAdd(dev); }}>
      <label>{t('offlineDevices')} <select value={dev} onChange={(e) => setDev(e.target.value)}><option value="" />{district.devices.map((d) => <option key={d.id} value={d.id}>{deviceName(index, d.id, lang)}</option>)}</select></label>
      <button>{t('add')}</button>
    </form>
  );
}

type Timing = 'at' | 'alarm_raised' | 'alarm_acknowledged' | 'level' | 'done' | 'not_done';

function InjectForm({ onAdd, roles }: { onAdd(i: { atS?: number; when?: InjectCondition; afterS?: number; to: Role | 'all'; zh: string; en: string }): void; roles: Role[] }) {
  const { lang, t } = useLang();
  const [timing, setTiming] = useState<Timing>('at');
  const [s, setS] = useState(60);
  const [level, setLevel] = useState<ResponseLevel>('II');
  const [action, setAction] = useState<ActionKind>('shut_valve');
  const [to, setTo] = useState<Role | 'all'>('all');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const timed = (): { atS?: number; when?: InjectCondition; afterS?: number } => {
    switch (timing) {
      case 'at': return { atS: s };
      case 'alarm_raised': case 'alarm_acknowledged': return { when: timing, afterS: s };
      case 'level': return { when: { alarmLevel: level }, afterS: s };
      case 'done': return { when: { action, done: true }, afterS: s };
      case 'not_done': return { when: { action, done: false, byS: s } };
    }
  };
  return (
    <form className="stack" data-testid="inject-form" onSubmit={(e) => { e.preventDefault(); if (!zh || !en) return; onAdd({ ...timed(), to, zh, en }); setZh(''); setEn(''); }}>
      <b>{t('addInject')}</b>
      <span className="inline">
        <select value={timing} onChange={(e) => setTiming(e.target.value as Timing)} data-testid="inject-timing">
          <option value="at">{t('atTime')}</option><option value="alarm_raised">{t('afterAlarm')}</option><option value="alarm_acknowledged">{t('afterAck')}</option>
          <option value="level">{t('atLevel')}</option><option value="done">{t('actionDone')}</option><option value="not_done">{t('actionNotDone')}</option>
        </select>
        {timing === 'level' && <select value={level} onChange={(e) => setLevel(e.target.value as ResponseLevel)} data-testid="inject-level">{RESPONSE_LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}</select>}
        {(timing === 'done' || timing === 'not_done') && <select value={action} onChange={(e) => setAction(e.target.value as ActionKind)} data-testid="inject-action">{ACTIONS.map((a) => <option key={a} value={a}>{actionLabel(a)[lang]}</option>)}</select>}
        {timing === 'not_done' ? t('deadline') : null}
        <input type="number" min={0} value={s} onChange={(e) => setS(Number(e.target.value))} data-testid="inject-seconds" /> {t('seconds')}
        <label>{t('to')} <select value={to} onChange={(e) => setTo(e.target.value as Role | 'all')} data-testid="inject-to"><option value="all">{t('everyone')}</option>{(roles.length ? roles : [...ROLES]).map((r) => <option key={r} value={r}>{ROLE_LABELS[r][lang]}</option>)}</select></label>
      </span>
      <input placeholder={t('textZh')} value={zh} onChange={(e) => setZh(e.target.value)} data-testid="inject-zh" />
      <input placeholder={t('textEn')} value={en} onChange={(e) => setEn(e.target.value)} data-testid="inject-en" />
      <button data-testid="inject-add">{t('add')}</button>
    </form>
  );
}

/** Each objective's capability and critical task (HSEEP): its action's own unless the author names another. */
function ObjectiveTasks({ expected, onChange }: { expected: Partial<Scenario['expected'][number]>[]; onChange(index: number, task: TaskRef): void }) {
  const { lang } = useLang();
  if (expected.length === 0) return null;
  return (
    <table className="plain" data-testid="objective-tasks"><tbody>
      <tr><th>{REVIEW.words.objectives[lang]}</th><th>{AAR_WORDS.capability[lang]} · {AAR_WORDS.task[lang]}</th></tr>
      {expected.map((e, i) => e.action && (
        <tr key={`${e.id}-${i}`}><td>{actionLabel(e.action)[lang]}</td>
          <td><select value={objectiveTask({ action: e.action, task: e.task })} onChange={(ev) => onChange(i, ev.target.value as TaskRef)} data-testid={`objective-task-${i}`}>
            {Object.entries(CAPABILITIES).map(([c, cap]) => <optgroup key={c} label={cap.names[lang]}>
              {TASK_REFS.filter((t) => t.startsWith(`${c}.`)).map((t) => <option key={t} value={t}>{taskNames(t).task[lang]}</option>)}
            </optgroup>)}
          </select></td></tr>
      ))}
    </tbody></table>
  );
}

function ObjectiveForm({ onAdd }: { onAdd(o: { action: Scenario['expected'][number]['action']; withinS: number }): void }) {
  const { lang, t } = useLang();
  const [action, setAction] = useState<Scenario['expected'][number]['action']>('acknowledge');
  const [within, setWithin] = useState(300);
  return (
    <form className="inline" data-testid="objective-form" onSubmit={(e) => { e.preventDefault(); onAdd({ action, withinS: within }); }}>
      <b>{t('addObjective')}</b>
      <select value={action} onChange={(e) => setAction(e.target.value as typeof action)} data-testid="objective-action">{ACTIONS.map((a) => <option key={a} value={a}>{actionLabel(a)[lang]}</option>)}</select>
      <label>{t('within')} <input type="number" min={0} value={within} onChange={(e) => setWithin(Number(e.target.value))} data-testid="objective-within" /> {t('seconds')}</label>
      <button data-testid="objective-add">{t('add')}</button>
    </form>
  );
}
