// A drill in the browser: `/?drill=<roomId>&role=<role>`. A person logged in joins under their own name (the
// trainer's seat only for a trainer); someone not logged in joins as a guest with the drill's join code from
// the trainer, typed here (never in the address). The same 3D twin as live, with the drill's people in it;
// the side panel is the trainer's console or the responder's actions.
import { SoundBanner } from './panels/SoundBanner';
import { EndScreen } from './panels/EndScreen';
import { AvatarLabels } from './scene/AvatarLabels';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { District } from '../twin-assets/districtSchema';
import { EVALUATOR_SEAT, ROLES, type Role, type Seat } from '../twin-assets/protocol';
import { AAR_WORDS } from '../twin-assets/labels';
import { STAFF_ROLE_LABELS } from '../twin-assets/permissions';
import { taskNames, type TaskRef } from '../scenarios/capabilities';
import { EvaluatorPanel } from './panels/EvaluatorPanel';
import { ROLE_LABELS, useLang } from './i18n';
import { LangToggle } from './panels/LangToggle';
import { fetchDistrict } from './net/district';
import { DrillConnection } from './net/drillRoom';
import { useSession } from './net/session';
import { LoginPage } from './panels/LoginPage';
import { useAlarmFlyTo } from './net/useAlarmFlyTo';
import { AlarmList } from './panels/AlarmList';
import { AlarmPopup } from './panels/AlarmPopup';
import { Legend } from './panels/Legend';
import { clock } from './panels/ResponderPanel';
import { ResponderPanel } from './panels/ResponderPanel';
import { TrainerConsole } from './panels/TrainerConsole';
import { Avatars } from './scene/Avatars';
import { probe, TwinScene } from './scene/TwinScene';
import { usePageTitle } from './pageTitle';


export function DrillApp({ roomId }: { roomId: string }) {
  const session = useSession();
  const params = new URLSearchParams(location.search);
  const asked = params.get('role') ?? '';
  const role: Seat = asked === EVALUATOR_SEAT || (ROLES as readonly string[]).includes(asked) ? asked as Seat : 'observer';
  const [guest, setGuest] = useState<{ name: string; code: string; role: Role } | null>(() => {
    const saved = sessionStorage.getItem(`street-twin.guest.${roomId}`);
    return saved ? JSON.parse(saved) as { name: string; code: string; role: Role } : null;
  });
  if (session.status === 'loading') return null;
  if (session.status === 'ok') return <Drill roomId={roomId} role={role} name={session.person.name} />;
  if (role === 'trainer' || role === EVALUATOR_SEAT || params.has('login')) return <LoginPage />;
  if (!guest) return <GuestJoin role={role} onJoin={(g) => { sessionStorage.setItem(`street-twin.guest.${roomId}`, JSON.stringify(g)); setGuest(g); }} />;
  return <Drill roomId={roomId} role={guest.role} name={guest.name} code={guest.code} />;
}

/** Someone without an account takes part with the code the trainer hands out, under a name they give. */
function GuestJoin({ role, onJoin }: { role: Role; onJoin(g: { name: string; code: string; role: Role }): void }) {
  const { lang, t } = useLang();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [asRole, setRole] = useState<Role>(role === 'trainer' ? 'observer' : role);
  usePageTitle(`${t('drill')} · ${t('joinAsGuest')}`);
  return (
    <div className="app login">
      <header><h1>{t('drill')}</h1><span className="spacer" /><a className="badge" href={location.pathname + location.search + '&login'}>{t('logIn')}</a><LangToggle /></header>
      <form className="login-form" onSubmit={(e) => { e.preventDefault(); if (name.trim() && code.trim()) onJoin({ name: name.trim(), code: code.trim(), role: asRole }); }} data-testid="guest-form">
        <h2>{t('joinAsGuest')}</h2>
        <label>{t('joinCode')}<input value={code} onChange={(e) => setCode(e.target.value)} required maxLength={12} autoComplete="off" data-testid="guest-code" /></label>
        <label>{t('guestName')}<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={40} data-testid="guest-name" /></label>
        <select value={asRole} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.filter((r) => r !== 'trainer').map((r) => <option key={r} value={r}>{ROLE_LABELS[r]![lang]}</option>)}</select>
        <button className="primary" type="submit" data-testid="guest-join">{t('join')}</button>
      </form>
    </div>
  );
}

function Drill({ roomId, role, name, code }: { roomId: string; role: Seat; name: string; code?: string }) {
  const { lang, t } = useLang();
  const [district, setDistrict] = useState<District | null>(null);
  const connection = useMemo(() => new DrillConnection(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`, roomId,
    { role, name, ...(code ? { code } : {}) }), [roomId, role, name, code]);
  const drill = useSyncExternalStore(connection.subscribe, connection.get);
  const fresh = useAlarmFlyTo(drill.alarms, drill.synced && district !== null);
  const canAcknowledge = drill.me?.actions.includes('acknowledge') ?? false;

  useEffect(() => {
    fetchDistrict().then(setDistrict, () => {});
    void connection.connect();
    return () => connection.close();
  }, [connection]);

  const canMove = drill.me !== null && role !== 'trainer' && role !== 'observer' && role !== EVALUATOR_SEAT;
  const timeOfDay = drill.simEpoch ? new Date(drill.simEpoch + drill.simS * 1000).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
  const heading = `${t('drill')} · ${drill.title?.[lang] ?? roomId}`;
  usePageTitle(heading);
  return (
    <div className="app">
      <header>
        <h1>{heading}</h1>
        <span className={`badge ${drill.drillStatus === 'running' ? 'ok' : ''}`} data-testid="drill-status">{t(drill.drillStatus)}</span>
        <span className="badge" data-testid="drill-clock">{timeOfDay} · {clock(drill.simS)} · {drill.speed}×</span>
        <span className={`badge ${drill.status === 'connected' ? 'ok' : 'bad'}`} data-testid="connection">{t(drill.status)}</span>
        <span className="spacer" />
        <span className="badge ok" data-testid="role">{role === EVALUATOR_SEAT ? STAFF_ROLE_LABELS.evaluator[lang] : ROLE_LABELS[role]![lang]} · {name}</span>
        <LangToggle />
      </header>
      <main className="scene">
        {district ? (
          <TwinScene district={district} live={connection.get} lang={lang}
            onGroundClick={canMove ? (x, y) => connection.send({ type: 'move', x, y }) : undefined}>
            <Avatars view={connection.get} onProbe={(p) => { probe().avatars = p; }} />
            <AvatarLabels view={connection.get} lang={lang} />
          </TwinScene>
        ) : <div className="empty">{t('loading')}</div>}
        <Legend />
        {drill.briefing && (drill.drillStatus === 'lobby' || drill.drillStatus === 'briefing') && <div className="briefing">{drill.briefing[lang]}
          {drill.retest.length > 0 && <div data-testid="retest"><h3>{AAR_WORDS.retest[lang]}</h3><ul>{drill.retest.map((a, i) => {
            const n = taskNames(a.task as TaskRef);
            return <li key={i}>{n.capability[lang]}·{n.task[lang]}：{a.text}（{AAR_WORDS.owner[lang]} {a.ownerName}，{AAR_WORDS.due[lang]} {a.due}）</li>;
          })}</ul></div>}</div>}
        {district && <AlarmPopup alarm={fresh} district={district} canAcknowledge={canAcknowledge} onAcknowledge={() => connection.send({ type: 'act', action: 'acknowledge' })} />}
        {drill.lastError && <div className="error-toast" role="alert">{drill.lastError}</div>}
        <SoundBanner />
        {(drill.drillStatus === 'debrief' || drill.drillStatus === 'ended') && drill.drillId && role !== 'observer' && role !== EVALUATOR_SEAT && (
          <EndScreen key={drill.drillStatus} drillId={drill.drillId} playerId={drill.me?.playerId ?? null} trainer={role === 'trainer'} />
        )}
      </main>
      <div className="side">
        {district && drill.alarms.length > 0 && (
          <div className="drill-alarms">
            <AlarmList district={district} alarms={drill.alarms} tasks={drill.tasks} flood={{ active: drill.alarmFlood, count: drill.floodCount }}
              canAcknowledge={canAcknowledge} onAcknowledge={() => connection.send({ type: 'act', action: 'acknowledge' })} />
          </div>
        )}
        {role === EVALUATOR_SEAT ? <EvaluatorPanel drill={drill} connection={connection} />
          : role === 'trainer' && district ? <TrainerConsole drill={drill} connection={connection} district={district} />
          : role !== 'observer' ? <ResponderPanel drill={drill} connection={connection} /> : null}
      </div>
    </div>
  );
}
