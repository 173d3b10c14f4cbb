// A small time-series plot in SVG: one line per numeric quantity, with its range. No chart library.
export function Sparkline({ points, width = 300, height = 56, color = '#58a6ff' }: { points: { t: number; v: number }[]; width?: number; height?: number; color?: string }) {
  if (points.length < 2) return <svg width={width} height={height} className="sparkline" role="img" />;
  const t0 = points[0]!.t, t1 = points.at(-1)!.t;
  const vs = points.map((p) => p.v);
  const lo = Math.min(...vs), hi = Math.max(...vs);
  const span = hi - lo || 1;
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - 2)) + 1;
  const y = (v: number) => height - 4 - ((v - lo) / span) * (height - 8);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} className="sparkline" role="img" aria-label={`${points.length} points from ${lo} to ${hi}`}>
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} />
      <text x={width - 2} y={10} textAnchor="end">{hi}</text>
      <text x={width - 2} y={height - 2} textAnchor="end">{lo}</text>
    </svg>
  );
}
