// What the uPlot charts share: time axes in China Standard Time, and dashed reference lines (a standard's
// target, a rule's threshold) drawn over the plot.
import type uPlot from 'uplot';
import type { Lang } from '../twin-assets/labels';
import { clockFormat } from './format';

/** Axis labels for epoch-second splits, with the date when the chart spans days. */
export function timeAxisLabels(lang: Lang, withDate: boolean) {
  const f = clockFormat(lang, withDate ? 'numeric' : 'none');
  return (_u: uPlot, splits: number[]) => splits.map((v) => f.format(v * 1000));
}

/** A draw hook: a dashed horizontal line at `value` across the plot (skipped when off the scale). */
export const dashedLine = (value: number, colour: string, dash: number[], width: number) => (u: uPlot) => {
  const y = u.valToPos(value, 'y', true);
  if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.setLineDash(dash);
  ctx.lineWidth = width * devicePixelRatio;
  ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
  ctx.restore();
};
