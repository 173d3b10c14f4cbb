// Cut the buildings away above a floor, to see that floor's homes and devices.
import { useLang } from '../i18n';
import { useView, viewStore } from '../state/viewStore';

const FLOOR_M = 3;

export function CutawayControl({ maxFloors }: { maxFloors: number }) {
  const { t } = useLang();
  const cut = useView((s) => s.cutawayM);
  const floor = cut === null ? maxFloors : Math.round(cut / FLOOR_M);
  return (
    <label className="cutaway">
      <span>{t('cutaway')}: {cut === null ? t('cutawayOff') : floor}</span>
      <input type="range" min={1} max={maxFloors} value={floor} data-testid="cutaway"
        onChange={(e) => { const f = Number(e.target.value); viewStore.set({ cutawayM: f >= maxFloors ? null : f * FLOOR_M }); }} />
    </label>
  );
}
