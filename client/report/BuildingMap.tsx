// The district's buildings drawn flat for a phone: a tap picks the building under the finger (or the
// nearest one), so a resident can say where without knowing its name.
import { memo, useMemo } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { insidePolygon } from '../../twin-assets/geo';
import { useLang } from '../i18n';

const W = 340;

export const BuildingMap = memo(function BuildingMap({ district, selected, onPick }: { district: District; selected: string | null; onPick(buildingId: string): void }) {
  const { lang } = useLang();
  const { H, toMap, fromMap, paths, yards } = useMemo(() => {
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
    // Each courtyard named at the middle of its buildings, so the map is not grey shapes until one is tapped.
    const yards = district.courtyards.flatMap((c) => {
      const bs = district.buildings.filter((b) => b.courtyardId === c.id);
      if (!bs.length) return [];
      const [x, y] = toMap(bs.reduce((n, b) => n + b.x, 0) / bs.length, bs.reduce((n, b) => n + b.y, 0) / bs.length);
      return [{ id: c.id, name: c.name, x, y }];
    });
    return { H, toMap, fromMap, paths, yards };
  }, [district]);
  const yardLabels = useMemo(() => {
    const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
    return yards.flatMap((y) => {
      const half = [...y.name[lang]].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 10 : 5.5), 0) / 2 + 2;
      const box = { x0: Math.max(half, Math.min(W - half, y.x)) - half, x1: Math.max(half, Math.min(W - half, y.x)) + half, y0: y.y - 10, y1: y.y + 2 };
      if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) return [];
      placed.push(box);
      return [{ id: y.id, text: y.name[lang], x: (box.x0 + box.x1) / 2, y: y.y }];
    });
  }, [yards, lang]);
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
      {!chosen && yardLabels.map((l) => <text key={l.id} x={l.x} y={l.y} textAnchor="middle" className="yard">{l.text}</text>)}
      {chosen && <text x={lx} y={ly - 6} textAnchor="middle">{chosen.name[lang]}</text>}
    </svg>
  );
});
