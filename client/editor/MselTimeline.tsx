// The master scenario events list as a timeline: injects at a time from the start, injects after the
// alarm (or its acknowledgement), and the objectives' deadlines from the first alarm. Drag a marker to
// move it; the file changes on release (snapped to 10 s), nothing else in it does.
import { useRef, useState } from 'react';
import type { Scenario } from '../../scenarios/schema';
import type { YamlPath } from '../../scenarios/yamlEdit';
import { actionLabel } from '../../scenarios/actions';
import { useLang } from '../i18n';

const W = 560, LANE = 40, LEFT = 70;

interface Marker { key: string; lane: number; s: number; label: string; path: YamlPath; bad: boolean }

export function MselTimeline({ scenario, onMove, badPaths }: {
  scenario: Pick<Scenario, 'injects' | 'expected' | 'end'>;
  onMove(path: YamlPath, seconds: number): void;
  /** Paths the check flagged (errors or unreachable), drawn red. */
  badPaths: Set<string>;
}) {
  const { lang, t } = useLang();
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ key: string; s: number } | null>(null);
  const span = Math.max(scenario.end.failAfterS, ...scenario.injects.map((i) => (i.atS ?? i.afterS) + 60), ...scenario.expected.map((e) => e.withinS + 60), 600);
  const x = (s: number) => LEFT + ((W - LEFT - 20) * s) / span;
  const secondsAt = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    const px = ((clientX - r.left) / r.width) * W;
    return Math.max(0, Math.round((((px - LEFT) / (W - LEFT - 20)) * span) / 10) * 10);
  };
  const markers: Marker[] = [
    ...scenario.injects.map((inj, i): Marker => {
      const w = inj.when;
      // A branch sits at its deadline; anything else on a condition at its delay after it.
      const branch = typeof w === 'object' && 'byS' in w;
      const lane = inj.atS !== undefined ? 0 : w === 'alarm_raised' || (typeof w === 'object' && 'alarmLevel' in w) ? 1 : w === 'alarm_acknowledged' ? 2 : 3;
      return {
        key: `inject-${inj.id}`, lane, s: inj.atS ?? (branch ? w.byS : inj.afterS),
        label: inj.text[lang], path: ['injects', i, inj.atS !== undefined ? 'atS' : branch ? 'when' : 'afterS', ...(branch ? ['byS'] : [])], bad: badPaths.has(`injects[${i}]`),
      };
    }),
    ...scenario.expected.map((e, i): Marker => ({ key: `objective-${e.id}`, lane: 4, s: e.withinS, label: actionLabel(e.action)[lang], path: ['expected', i, 'withinS'], bad: badPaths.has(`expected[${i}]`) })),
  ];
  const lanes = [t('atTime'), t('afterAlarm'), t('afterAck'), t('afterAction'), t('objectives')];
  const labelOf = (m: Marker, s: number) => `${m.label.length > 10 ? `${m.label.slice(0, 9)}…` : m.label} · ${s}${t('seconds')}`;
  // Each label above or below its lane's line, where it overlaps no earlier one; one that fits neither is left to
  // the marker's tooltip rather than drawn over another.
  const rows = new Map<string, 0 | 1>();
  const ends = new Map<string, number>();
  for (const m of [...markers].sort((a, b) => a.s - b.s)) {
    const left = x(m.s) + 9, width = [...labelOf(m, m.s)].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 11 : 6), 0);
    const row = ([0, 1] as const).find((r) => (ends.get(`${m.lane}:${r}`) ?? -Infinity) < left - 4);
    if (row === undefined) continue;
    rows.set(m.key, row);
    ends.set(`${m.lane}:${row}`, left + width);
  }
  const ticks = Array.from({ length: 7 }, (_, k) => Math.round((span * k) / 6 / 60) * 60);
  return (
    <svg ref={svg} viewBox={`0 0 ${W} ${LANE * lanes.length + 30}`} className="msel" data-testid="msel"
      onPointerMove={(e) => { if (drag) setDrag({ ...drag, s: secondsAt(e.clientX) }); }}
      onPointerUp={() => { if (!drag) return; const m = markers.find((k) => k.key === drag.key); setDrag(null); if (m && m.s !== drag.s) onMove(m.path, drag.s); }}
      onPointerLeave={() => setDrag(null)}>
      {lanes.map((name, i) => (
        <g key={name}>
          <text x={6} y={LANE * i + 22} className="lane">{name}</text>
          <line x1={LEFT} x2={W - 20} y1={LANE * i + 18} y2={LANE * i + 18} className="axis" />
        </g>
      ))}
      {ticks.map((s) => <text key={s} x={x(s)} y={LANE * lanes.length + 20} className="tick">{Math.round(s / 60)}′</text>)}
      <line x1={x(scenario.end.failAfterS)} x2={x(scenario.end.failAfterS)} y1={0} y2={LANE * lanes.length} className="limit" />
      {markers.map((m) => {
        const s = drag?.key === m.key ? drag.s : m.s;
        const row = rows.get(m.key);
        return (
          <g key={m.key} transform={`translate(${x(s)},${LANE * m.lane + 18})`} className={`marker${m.bad ? ' bad' : ''}`} data-testid={`msel-${m.key}`} data-seconds={s}
            onPointerDown={(e) => { e.preventDefault(); (e.target as Element).setPointerCapture?.(e.pointerId); setDrag({ key: m.key, s: m.s }); }}>
            <title>{m.label} · {s}{t('seconds')}</title>
            <circle r={7} />
            {row !== undefined && <text x={9} y={row === 0 ? -8 : 16} data-label>{labelOf(m, s)}</text>}
          </g>
        );
      })}
    </svg>
  );
}
