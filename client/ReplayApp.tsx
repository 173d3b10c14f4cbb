// `/?replay=<drillId>`: a finished drill replayed in the 3D twin from its journal (the report's
// frames): a time scrubber, play at 10×, the people where they were and the devices as they showed.
import { RequireSession } from './panels/LoginPage';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { District } from '../twin-assets/districtSchema';
import { useLang } from './i18n';
import { LangToggle } from './panels/LangToggle';
import { api, dataOf } from './net/api';
import { fetchDistrict } from './net/district';
import { clock } from './panels/ResponderPanel';
import { Avatars } from './scene/Avatars';
import { probe, TwinScene } from './scene/TwinScene';
import { replayView, type ReplayReport } from './replayView';
import { usePageTitle } from './pageTitle';

export function ReplayApp({ drillId }: { drillId: string }) {
  return <RequireSession>{() => <Replay drillId={drillId} />}</RequireSession>;
}

function Replay({ drillId }: { drillId: string }) {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const [report, setReport] = useState<ReplayReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const atRef = useRef(0);
  atRef.current = at;

  useEffect(() => {
    fetchDistrict().then(setDistrict, (e: Error) => setError(e.message));
    dataOf(api('getApiDrillsByDrillIdReport', { params: { drillId }, query: { format: 'json' } })).then(setReport, (e: Error) => setError(e.message));
  }, [drillId]);
  useEffect(() => {
    if (!playing || !report) return;
    const timer = setInterval(() => setAt((v) => { const next = Math.min(report.durationS, v + 1); if (next === report.durationS) setPlaying(false); return next; }), 100);
    return () => clearInterval(timer);
  }, [playing, report]);

  // What the scene reads each frame: the replay at the scrubber's time.
  const view = useMemo(() => replayView(report, () => atRef.current), [report]);

  const shown = report?.timeline.filter((e) => e.simS <= at).slice(-20).reverse() ?? [];
  const heading = `${t('replay')} · ${report?.scenario.title[lang] ?? drillId}`;
  usePageTitle(heading);
  return (
    <div className="app">
      <header>
        <h1>{heading}</h1>
        <a className="badge" href={`/api/drills/${encodeURIComponent(drillId)}/report?format=html`}>{t('report')}</a>
        <span className="spacer" />
        <LangToggle />
      </header>
      <main className="scene">
        {district && report ? (
          <TwinScene district={district} live={view} lang={lang}>
            <Avatars view={view} onProbe={(p) => { probe().avatars = p; }} />
          </TwinScene>
        ) : <div className="empty">{error ?? t('loading')}</div>}
        {report && (
          <div className="scrubber">
            <button onClick={() => { if (at >= report.durationS) setAt(0); setPlaying(!playing); }} data-testid="replay-play">{playing ? '❚❚' : '▶'}</button>
            <input type="range" min={0} max={report.durationS} value={at} onChange={(e) => { setPlaying(false); setAt(Number(e.target.value)); }} data-testid="replay-scrubber" />
            <span data-testid="replay-time">{clock(at)} / {clock(report.durationS)}</span>
          </div>
        )}
      </main>
      <div className="side">
        <div className="drill-panel"><h3>{t('timeline')}</h3><ul className="plain" data-testid="replay-timeline">{shown.map((e, i) => <li key={i}><span className="role">{clock(e.simS)}</span> {lang === 'zh' ? e.zh ?? e.text : e.text}</li>)}</ul></div>
      </div>
    </div>
  );
}
