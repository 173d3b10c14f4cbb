// The operator's alarm list: most severe and unacknowledged first; acknowledge in one click.
import type { District } from '../../twin-assets/districtSchema';
import { indexDistrict, placeName } from '../../twin-assets/districtIndex';
import { kindLabel, LEVEL_LABELS, TIER_LABELS } from '../../twin-assets/labels';
import { levelRank, type LinkageTier, type ResponseLevel } from '../../twin-assets/protocol';
import { STATE_LABELS, useLang } from '../i18n';
import type { AlarmRow } from '../net/liveRoom';
import { useMemo } from 'react';

const ACKABLE = new Set(['active_unacked', 'rtn_unacked']);

export function AlarmList({ district, alarms, canAcknowledge, onAcknowledge }: {
  district: District; alarms: AlarmRow[]; canAcknowledge: boolean; onAcknowledge: (id: string) => void;
}) {
  const { lang, t } = useLang();
  const index = useMemo(() => indexDistrict(district), [district]);
  const sorted = [...alarms].sort((a, b) =>
    Number(ACKABLE.has(b.state)) - Number(ACKABLE.has(a.state))
    || levelRank(b.level as ResponseLevel) - levelRank(a.level as ResponseLevel)
    || b.raisedAt - a.raisedAt);
  return (
    <aside>
      <h2><span>{t('alarms')}</span><span className="badge" data-testid="alarm-count">{alarms.length}</span></h2>
      {sorted.length === 0 && <div className="empty">{t('noAlarms')}</div>}
      <ul className="alarms">
        {sorted.map((a) => {
          const device = index.devices.get(a.deviceId);
          return (
            <li key={a.id} className={`alarm ${a.state}`} data-alarm-id={a.id} data-state={a.state}>
              <span className={`level ${a.level}`} title={LEVEL_LABELS[a.level as ResponseLevel]?.[lang]}>{a.level}</span>
              <span className="what">{kindLabel(a.kind)[lang]} · {STATE_LABELS[a.state]?.[lang] ?? a.state}</span>
              {canAcknowledge && ACKABLE.has(a.state)
                ? <button className="primary" onClick={() => onAcknowledge(a.id)}>{t('acknowledge')}</button>
                : <span />}
              <span className="where">{device ? placeName(index, device, lang) : a.deviceId} · {a.deviceId}</span>
              <span className="meta">
                {t('raisedAt')} {new Date(a.raisedAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB')}
                {a.ackedBy && ` · ${t('ackedBy')} ${a.ackedBy}`}
                {a.notified.length > 0 && ` · ${t('notified')}: ${a.notified.map((n) => TIER_LABELS[n as LinkageTier]?.[lang] ?? n).join('、')}`}
              </span>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
