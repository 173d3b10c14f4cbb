// `/?replay=<drillId>`: a finished drill replayed in the 3D twin from its journal (the report's
// frames): a time scrubber, play at 10×, the people where they were and the devices as they showed.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { District } from '../twin-assets/districtSchema';
import { useLang } from './i18n';
import { LangToggle } from './panels/LangToggle';
import { fetchDistrict } from './net/district';
import type { DrillSnapshot, PlayerRow } from './net/drillRoom';
import type { LiveSnapshot } from './net/liveRoom';
import { clock } from './panels/ResponderPanel';
import { Avatars } from './scene/Avatars';
import { probe, TwinScene } from './scene/TwinScene';

interface Report {
  drillId: string; scenario: { title: { zh: string; en: string } }; durationS: number;
  timeline: { simS: number; kind: string; text: string }[];
  replay: { players: { id: string; name: string; role: string }[]; frames: { simS: number; players: { id: string; x: number; y: number }[] }[]; devices: { simS: number; deviceId: string; display: string; level: string }[]; casualties: { simS: number; id: string; x: number; y: number; text: string }[] };
}

/** The frame at or before `t` (frames are in time order). */
function frameAt(frames: Report['replay']['frames'], t: number) {
  let lo = 0, hi = frames.length - 1, best = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (frames[mid]!.simS <= t) { best = mid; lo = mid + 1; } else hi = mid - 1; }
  return best >= 0 ? frames[best] : undefined;
}

export function ReplayApp({ drillId }: { drillId: string }) {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const atRef = useRef(0);
  atRef.current = at;

  useEffect(() => {
    fetchDistrict().then(setDistrict, (e: Error) => setError(e.message));
    fetch(`/api/drills/${encodeURIComponent(drillId)}/report?format=json`).then(async (r) => { if (!r.ok) throw new Error((await r.json() as { error: string }).error); return r.json(); })
      .then(setReport, (e: Error) => setError(e.message));
  }, [drillId]);
  useEffect(() => {
    if (!playing || !report) return;
    const timer = setInterval(() => setAt((v) => { const next = Math.min(report.durationS, v + 1); if (next === report.durationS) setPlaying(false); return next; }), 100);
    return () => clearInterval(timer);
  }, [playing, report]);

  // What the scene reads each frame: the replay at the scrubber's time.
  const view = useMemo(() => {
    const empty: LiveSnapshot = { status: 'connected', synced: true, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null };
    let cacheT = -1, cache: LiveSnapshot & Pick<DrillSnapshot, 'players' | 'casualties'> = { ...empty, players: [], casualties: [] };
    return () => {
      const t = atRef.current;
      if (!report || t === cacheT) return cache;
      cacheT = t;
      const devices: LiveSnapshot['devices'] = {};
      for (const d of report.replay.devices) { if (d.simS > t) break; if (d.display === 'normal') delete devices[d.deviceId]; else devices[d.deviceId] = { id: d.deviceId, display: d.display, level: d.level }; }
      const frame = frameAt(report.replay.frames, t);
      const players: PlayerRow[] = (frame?.players ?? []).map((p) => {
        const who = report.replay.players.find((x) => x.id === p.id);
        return { id: p.id, name: who?.name ?? p.id, role: (who?.role ?? 'observer') as PlayerRow['role'], x: p.x, y: p.y, hasPlace: true, moving: false, connected: true, carriesAed: false, lastAction: '', lastActionZh: '' };
      });
      const casualties = report.replay.casualties.filter((c) => c.simS <= t).map((c) => ({ ...c, treated: false }));
      cache = { ...empty, devices, players, casualties };
      return cache;
    };
  }, [report]);

  const shown = report?.timeline.filter((e) => e.simS <= at).slice(-20).reverse() ?? [];
  return (
    <div className="app">
      <header>
        <h1>{t('replay')} · {report?.scenario.title[lang] ?? drillId}</h1>
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
        <div className="drill-panel"><h3>{t('timeline')}</h3><ul className="plain" data-testid="replay-timeline">{shown.map((e, i) => <li key={i}><span className="role">{clock(e.simS)}</span> {e.text}</li>)}</ul></div>
      </div>
    </div>
  );
}
