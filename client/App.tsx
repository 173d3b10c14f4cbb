import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AAR_WORDS } from '../twin-assets/labels';
import type { District } from '../twin-assets/districtSchema';
import { useLang } from './i18n';
import { LangToggle } from './panels/LangToggle';
import { fetchDistrict } from './net/district';
import { LiveConnection } from './net/liveRoom';
import { useAlarmFlyTo } from './net/useAlarmFlyTo';
import { AlarmList } from './panels/AlarmList';
import { AlarmPopup } from './panels/AlarmPopup';
import { CutawayControl } from './panels/CutawayControl';
import { DevicePanel } from './panels/DevicePanel';
import { Legend } from './panels/Legend';
import { RequireSession, WhoAmI } from './panels/LoginPage';
import type { SessionPerson } from './net/session';
import { OverviewMap } from './panels/OverviewMap';
import { ReportsPanel } from './panels/ReportsPanel';
import { SoundBanner } from './panels/SoundBanner';
import { ReportPins } from './scene/ReportPins';
import { TwinScene } from './scene/TwinScene';
import { useView } from './state/viewStore';
import { usePageTitle } from './pageTitle';


export function App() {
  return <RequireSession>{(person) => <LiveApp person={person} />}</RequireSession>;
}

/** The live console of a person logged in: the alarms, devices, tasks and reports of their scope. */
function LiveApp({ person }: { person: SessionPerson }) {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const connection = useMemo(() => new LiveConnection(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`), []);
  const live = useSyncExternalStore(connection.subscribe, connection.get);
  const selected = useView((s) => s.selectedDeviceId);
  const [report, setReport] = useState<string | null>(null);
  const fresh = useAlarmFlyTo(live.alarms, live.synced && district !== null);

  useEffect(() => {
    fetchDistrict().then(setDistrict, (e: Error) => setLoadError(e.message));
    void connection.connect();
    return () => connection.close();
  }, [connection]);

  const statusClass = live.status === 'connected' ? 'ok' : live.status === 'disconnected' ? 'bad' : '';
  const heading = `${t('title')}${district ? ` · ${district.name[lang]}` : ''}`;
  usePageTitle(heading);
  return (
    <div className="app">
      <header>
        <h1>{heading}</h1>
        <span className="badge">{t('live')}</span>
        <span className={`badge ${statusClass}`} data-testid="connection">{t(live.status)}</span>
        <a className="badge" href="/?drills" data-testid="drills-link">{t('drills')}</a>
        <a className="badge" href="/kpis" data-testid="kpis-link">{t('kpis')}</a>
        <a className="badge" href="/history" data-testid="history-link">{t('history')}</a>
        {/* Every tool a person may use is one click from here (issue 34: the editor and planner were unlinked). */}
        {person.permissions['scenarios.write'] && <a className="badge" href="/editor" data-testid="editor-link">{t('editor')}</a>}
        {person.permissions['planner.use'] && <a className="badge" href="/?planner&type=gas" data-testid="planner-link">{t('planner')}</a>}
        {person.permissions['improvement.read'] && <a className="badge" href="/?team" data-testid="teams-link">{AAR_WORDS.teamPage[lang]}</a>}
        <span className="spacer" />
        <span className={`badge ${live.canAcknowledge ? 'ok' : ''}`} data-testid="role">{live.canAcknowledge ? t('operator') : t('observer')}</span>
        <WhoAmI person={person} />
        <LangToggle />
      </header>
      <main className="scene">
        {district ? <TwinScene district={district} live={connection.get} lang={lang}><ReportPins live={connection.get} onPick={setReport} /></TwinScene> : <div className="empty">{loadError ?? t('loading')}</div>}
        <Legend />
        {district && <OverviewMap district={district} alarms={live.alarms} />}
        {district && <CutawayControl maxFloors={Math.max(...district.buildings.filter((b) => !b.underground).map((b) => b.floors), 1)} />}
        {district && selected && <DevicePanel key={selected} district={district} deviceId={selected} />}
        {district && <AlarmPopup alarm={fresh} district={district} canAcknowledge={live.canAcknowledge} onAcknowledge={(id) => connection.acknowledge(id)} />}
        {live.lastError && <div className="error-toast" role="alert">{live.lastError}</div>}
        <SoundBanner />
      </main>
      <div className="live-side">
        {district && <AlarmList district={district} alarms={live.alarms} tasks={live.tasks} flood={{ active: live.alarmFlood, count: live.floodCount }} canAcknowledge={live.canAcknowledge} onAcknowledge={(id) => connection.acknowledge(id)} />}
        {district && <ReportsPanel district={district} reports={live.reports ?? []} canAct={live.canAcknowledge} selected={report} onSelect={setReport} />}
      </div>
    </div>
  );
}
