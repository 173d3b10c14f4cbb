// A new alarm pops up over the 3D view with its place, as on the monitoring screens: view it (the
// camera flies there and its device opens) or acknowledge it at once.
import { useMemo, useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { indexDistrict, placeName } from '../../twin-assets/districtIndex';
import { kindLabel } from '../../twin-assets/labels';
import { useLang } from '../i18n';
import type { AlarmRow } from '../net/liveRoom';
import { viewStore } from '../state/viewStore';

export function AlarmPopup({ alarm, district, canAcknowledge, onAcknowledge }: { alarm: AlarmRow | null; district: District; canAcknowledge: boolean; onAcknowledge: (id: string) => void }) {
  const { lang, t } = useLang();
  const index = useMemo(() => indexDistrict(district), [district]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!alarm || dismissed === alarm.id) return null;
  const device = index.devices.get(alarm.deviceId);
  return (
    <div className="alarm-popup" role="alertdialog" data-testid="alarm-popup">
      <div><span className={`level ${alarm.level}`}>{alarm.level}</span> <b>{t('newAlarm')}: {kindLabel(alarm.kind)[lang]}</b></div>
      <div data-testid="alarm-popup-place">{device ? placeName(index, device, lang) : alarm.deviceId}</div>
      <div>
        <button className="primary" onClick={() => { viewStore.showAlarm(alarm); setDismissed(alarm.id); }}>{t('view')}</button>{' '}
        {canAcknowledge && <button onClick={() => onAcknowledge(alarm.id)} data-testid="alarm-popup-ack">{t('acknowledge')}</button>}{' '}
        <button onClick={() => setDismissed(alarm.id)}>{t('close')}</button>
      </div>
    </div>
  );
}
