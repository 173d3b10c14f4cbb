import { useLang, type StringKey } from '../i18n';
import { DISPLAY_COLORS } from '../scene/palette';

const ROWS: [string, StringKey][] = [
  ['normal', 'legendNormal'], ['alarm_unacked', 'legendUnacked'], ['alarm_acked', 'legendAcked'],
  ['rtn_unacked', 'legendRtn'], ['offline', 'offline'],
];

export function Legend() {
  const { t } = useLang();
  return (
    <div className="legend">
      {ROWS.map(([display, key]) => (
        <div key={display}><span className="dot" style={{ background: DISPLAY_COLORS[display] }} />{t(key)}</div>
      ))}
    </div>
  );
}
