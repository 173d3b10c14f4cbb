// The 2D overview map: courtyards, streets, open alarms and where the camera looks. A click flies there.
import { memo, useMemo } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import type { AlarmRow } from '../net/liveRoom';
import { districtBounds } from '../scene/cityGeometry';
import { DISPLAY_COLORS } from '../scene/palette';
import { useLang } from '../i18n';
import { useView, viewStore } from '../state/viewStore';

const SIZE = 200;
const KIND_FILL: Record<string, string> = { old_courtyard: '#6b5a3a', estate: '#3b6170', construction_site: '#8a6a2a', street: '#444c56', station: '#5e4a8a' };

const Base = memo(function Base({ district, toMap }: { district: District; toMap: (x: number, y: number) => [number, number] }) {
  const nodes = new Map(district.streets.nodes.map((n) => [n.id, n]));
  return (
    <g>
      {district.streets.edges.map((e) => {
        const [x1, y1] = toMap(nodes.get(e.from)!.x, nodes.get(e.from)!.y);
        const [x2, y2] = toMap(nodes.get(e.to)!.x, nodes.get(e.to)!.y);
        return <line key={e.id} x1={x1} y1={y1} x2={x2} y2={y2} stroke="#586069" strokeWidth={e.widthM > 12 ? 1.5 : 0.5} />;
      })}
      {district.courtyards.filter((c) => c.kind !== 'street').map((c) => {
        const [x, y] = toMap(c.x - c.width / 2, c.y + c.depth / 2);
        const [x2, y2] = toMap(c.x + c.width / 2, c.y - c.depth / 2);
        return <rect key={c.id} x={x} y={y} width={Math.max(x2 - x, 0.5)} height={Math.max(y2 - y, 0.5)} fill={KIND_FILL[c.kind]} />;
      })}
    </g>
  );
});

export function OverviewMap({ district, alarms }: { district: District; alarms: AlarmRow[] }) {
  const { t } = useLang();
  const target = useView((s) => s.target);
  const { toMap, fromMap } = useMemo(() => {
    const b = districtBounds(district);
    const scale = (SIZE - 10) / b.extent;
    const ox = (b.minX + b.maxX) / 2, oy = (b.minY + b.maxY) / 2;
    return {
      toMap: (x: number, y: number): [number, number] => [SIZE / 2 + (x - ox) * scale, SIZE / 2 - (y - oy) * scale],
      fromMap: (mx: number, my: number) => ({ x: ox + (mx - SIZE / 2) / scale, y: oy - (my - SIZE / 2) / scale }),
    };
  }, [district]);
  const [tx, ty] = toMap(target.x, target.y);
  return (
    <div className="overview" data-testid="overview-map">
      <div className="label">{t('overview')}</div>
      <svg width={SIZE} height={SIZE} onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const p = fromMap(e.clientX - r.left, e.clientY - r.top);
        viewStore.flyTo(p.x, p.y, 0, 160);
      }}>
        <Base district={district} toMap={toMap} />
        {alarms.map((a) => {
          const [x, y] = toMap(a.x, a.y);
          return <circle key={a.id} cx={x} cy={y} r={4} fill={a.state === 'active_unacked' ? DISPLAY_COLORS.alarm_unacked : DISPLAY_COLORS.alarm_acked} className="alarm-dot" />;
        })}
        <circle cx={tx} cy={ty} r={6} fill="none" stroke="#fff" strokeWidth={1.5} />
      </svg>
    </div>
  );
}
