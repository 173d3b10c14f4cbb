import { useLang, type StringKey } from '../i18n';
import { tintedSwatch } from '../scene/buildingTint';
import { USE_COLORS } from '../scene/cityGeometry';
import { DISPLAY_COLORS } from '../scene/palette';

/** A building in alarm is tinted (buildingTint.ts): a block in that colour says what the pink one is. */
const BUILDING_SWATCH = tintedSwatch('alarm_unacked', USE_COLORS.residential!);

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
      <div><span className="dot block" style={{ background: BUILDING_SWATCH }} />{t('legendBuilding')}</div>
    </div>
  );
}
