// The district's buildings drawn flat for a phone: a tap picks the building under the finger (or the
// nearest one), so a resident can say where without knowing its name.
import { memo, useMemo } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { insidePolygon } from '../../twin-assets/geo';
import { useLang } from '../i18n';

const W = 340;

export const BuildingMap = memo(function BuildingMap({ district, selected, onPick }: { district: District; selected: string | null; onPick(buildingId: string): void }) {
  const { lang } = useLang();
  const { H, toMap, fromMap, paths } = useMemo(() => {
    const pts = district.buildings.flatMap((b) => b.footprint!);
    const minX = Math.min(...pts.map((p) => p.x)), maxX = Math.max(...pts.map((p) => p.x));
    const minY = Math.min(...pts.map((p) => p.y)), maxY = Math.max(...pts.map((p) => p.y));
    const scale = (W - 16) / Math.max(maxX - minX, 1);
    const H = Math.min(Math.max((maxY - minY) * scale + 16, 160), 420);
    const s = Math.min(scale, (H - 16) / Math.max(maxY - minY, 1));
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    const toMap = (x: number, y: number): [number, number] => [W / 2 + (x - cx) * s, H / 2 - (y - cy) * s];
    const fromMap = (mx: number, my: number) => ({ x: cx + (mx - W / 2) / s, y: cy - (my - H / 2) / s });
    const paths = district.buildings.map((b) => ({ id: b.id, d: `M${b.footprint!.map((p) => toMap(p.x, p.y).map((v) => v.toFixed(1)).join(',')).join('L')}Z` }));
    return { H, toMap, fromMap, paths };
  }, [district]);
  const chosen = selected ? district.buildings.find((b) => b.id === selected) : undefined;
  const [lx, ly] = chosen ? toMap(chosen.x, chosen.y) : [0, 0];
  return (
    <svg className="building-map" viewBox={`0 0 ${W} ${H}`} data-testid="building-map" role="img" aria-label={district.name[lang]} onClick={(e) => {
      const r = e.currentTarget.getBoundingClientRect();
      const p = fromMap(((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H);
      const hit = district.buildings.find((b) => insidePolygon(p, b.footprint!))
        ?? [...district.buildings].sort((a, b) => Math.hypot(a.x - p.x, a.y - p.y) - Math.hypot(b.x - p.x, b.y - p.y))[0];
      if (hit) onPick(hit.id);
    }}>
      {paths.map((p) => <path key={p.id} d={p.d} className={p.id === selected ? 'on' : ''} data-building={p.id} />)}
      {chosen && <text x={lx} y={ly - 6} textAnchor="middle">{chosen.name[lang]}</text>}
    </svg>
  );
});
