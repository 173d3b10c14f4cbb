// The operator's alarm list: most severe and unacknowledged first; acknowledge in one click. Past ten
// alarms (and always in an ISA-18.2 flood) it groups them by courtyard and building, so one fire in a
// courtyard reads as one incident, not as thirty lines.
import { UNNAMED_WORKER } from '../../twin-assets/districtSchema';
import { viewStore } from '../state/viewStore';
import { useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { indexDistrict, placeName, type DistrictIndex } from '../../twin-assets/districtIndex';
import { byLabel, DEVICE_TYPE_LABELS, kindLabel, LEVEL_LABELS, TIER_LABELS, type Lang } from '../../twin-assets/labels';
import { levelRank, type LinkageTier, type ResponseLevel } from '../../twin-assets/protocol';
import { STATE_LABELS, TASK_LABELS, useLang } from '../i18n';
import { formatTime } from '../format';
import type { AlarmRow, TaskRow } from '../net/liveRoom';

const ACKABLE = new Set(['active_unacked', 'rtn_unacked']);
const GROUP_ABOVE = 10;
const SHOWN_PER_GROUP = 100;

const bySeverity = (a: AlarmRow, b: AlarmRow) =>
  Number(ACKABLE.has(b.state)) - Number(ACKABLE.has(a.state))
  || levelRank(b.level as ResponseLevel) - levelRank(a.level as ResponseLevel)
  || b.raisedAt - a.raisedAt;

interface Group { id: string; name: string; alarms: AlarmRow[]; buildings: Map<string, number>; worst: string; unacked: number }

function groupByCourtyard(index: DistrictIndex, alarms: AlarmRow[], lang: Lang, elsewhere: string): Group[] {
  const groups = new Map<string, Group>();
  for (const a of alarms) {
    const id = a.courtyardId || '-';
    let g = groups.get(id);
    if (!g) groups.set(id, g = { id, name: index.courtyards.get(id)?.name[lang] ?? elsewhere, alarms: [], buildings: new Map(), worst: 'IV', unacked: 0 });
    g.alarms.push(a);
    if (a.buildingId) g.buildings.set(a.buildingId, (g.buildings.get(a.buildingId) ?? 0) + 1);
    if (levelRank(a.level as ResponseLevel) > levelRank(g.worst as ResponseLevel)) g.worst = a.level;
    if (ACKABLE.has(a.state)) g.unacked++;
  }
  return [...groups.values()].sort((a, b) => levelRank(b.worst as ResponseLevel) - levelRank(a.worst as ResponseLevel) || b.unacked - a.unacked || b.alarms.length - a.alarms.length);
}

function AlarmItem({ a, tasks, index, canAcknowledge, onAcknowledge }: { a: AlarmRow; tasks: TaskRow[]; index: DistrictIndex; canAcknowledge: boolean; onAcknowledge: (id: string) => void }) {
  const { lang, t } = useLang();
  const device = index.devices.get(a.deviceId);
  return (
    // The card opens its alarm: the camera flies there and the device's panel opens (its buttons act for themselves).
    <li className={`alarm ${a.state}`} data-alarm-id={a.id} data-state={a.state} role="button" tabIndex={0} title={t('view')}
      onClick={(e) => { if (!(e.target as Element).closest('button')) viewStore.showAlarm(a); }}
      onKeyDown={(e) => { if (e.key === 'Enter' && e.target === e.currentTarget) viewStore.showAlarm(a); }}>
      <span className={`level ${a.level}`} title={LEVEL_LABELS[a.level as ResponseLevel]?.[lang]}>{a.level}</span>
      <span className="what">{kindLabel(a.kind)[lang]} · {STATE_LABELS[a.state]?.[lang] ?? a.state}</span>
      {canAcknowledge && ACKABLE.has(a.state)
        ? <button className="primary" onClick={() => onAcknowledge(a.id)}>{t('acknowledge')}</button>
        : <span />}
      <span className="where">{device ? `${placeName(index, device, lang)} · ${DEVICE_TYPE_LABELS[device.type][lang]}` : t('unknownDevice')}</span>
      <span className="meta">
        {t('raisedAt')} {formatTime(a.raisedAt, lang)}
        {a.ackedBy && ` · ${t('ackedBy')} ${byLabel(a.ackedBy, lang)}`}
        {a.notified.length > 0 && ` · ${t('notified')}: ${a.notified.map((n) => TIER_LABELS[n as LinkageTier]?.[lang] ?? n).join('、')}`}
      </span>
      {tasks.length > 0 && (
        <span className="tasks" data-testid="tasks">
          {tasks.map((k) => (
            <span key={k.id} className={`task ${k.state}`}>
              {/* A grid the map names no worker for: nobody has been sent yet, whatever the task's state says. */}
              {TASK_LABELS[k.kind]?.[lang] ?? k.kind}{k.kind === 'hydrant' ? '' : k.resourceName === UNNAMED_WORKER ? ` (${t('workerToBeNamed')})` : ` ${k.resourceName}`} · {k.resourceName === UNNAMED_WORKER && k.state === 'assigned' ? t('awaitingWorker') : TASK_LABELS[k.state]?.[lang] ?? k.state}
              {k.kind !== 'hydrant' && k.state !== 'on_site' && k.state !== 'done' && ` · ${t('eta')} ${Math.max(1, Math.round(k.etaS / 60))} ${t('minutes')}`}
            </span>
          ))}
        </span>
      )}
    </li>
  );
}

export function AlarmList({ district, alarms, tasks, flood, canAcknowledge, onAcknowledge }: {
  district: District; alarms: AlarmRow[]; tasks: TaskRow[]; flood: { active: boolean; count: number }; canAcknowledge: boolean; onAcknowledge: (id: string) => void;
}) {
  const { lang, t } = useLang();
  const index = useMemo(() => indexDistrict(district), [district]);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const sorted = [...alarms].sort(bySeverity);
  const grouped = flood.active || alarms.length > GROUP_ABOVE;
  const tasksByAlarm = useMemo(() => {
    const m = new Map<string, TaskRow[]>();
    for (const k of tasks) m.set(k.alarmId, [...(m.get(k.alarmId) ?? []), k]);
    return m;
  }, [tasks]);
  const item = (a: AlarmRow) => <AlarmItem key={a.id} a={a} tasks={tasksByAlarm.get(a.id) ?? []} index={index} canAcknowledge={canAcknowledge} onAcknowledge={onAcknowledge} />;
  return (
    <aside>
      <h2><span>{t('alarms')}</span><span className="badge" data-testid="alarm-count">{alarms.length}</span></h2>
      {flood.active && <div className="flood-banner" role="alert" data-testid="flood-banner">⚠ {t('flood')}: {flood.count} {t('floodDetail')}</div>}
      {sorted.length === 0 && <div className="empty">{t('noAlarms')}</div>}
      {!grouped && <ul className="alarms">{sorted.map(item)}</ul>}
      {grouped && (
        <ul className="alarms groups">
          {groupByCourtyard(index, sorted, lang, t('elsewhere')).map((g) => {
            const expanded = open.has(g.id);
            return (
              <li key={g.id} className="group" data-courtyard={g.id} data-count={g.alarms.length}>
                <button className="group-head" onClick={() => setOpen((s) => { const n = new Set(s); if (n.has(g.id)) n.delete(g.id); else n.add(g.id); return n; })} aria-expanded={expanded}>
                  <span className={`level ${g.worst}`}>{g.worst}</span>
                  <span className="what">{g.name}</span>
                  <span className="badge">{g.alarms.length}</span>
                  <span className="meta">{g.unacked} {t('unackedShort')}{g.buildings.size > 0 && ` · ${[...g.buildings].map(([b, n]) => `${index.buildings.get(b)?.name[lang] ?? b} ${n}`).join('，')}`}</span>
                </button>
                {expanded && <ul className="alarms">{g.alarms.slice(0, SHOWN_PER_GROUP).map(item)}</ul>}
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
