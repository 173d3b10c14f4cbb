// A quantity's recent readings drawn by uPlot, with its rule's thresholds as dashed lines coloured by the
// grade they raise: what an operator checks before believing, or acknowledging, an alarm.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Lang } from '../../twin-assets/labels';
import { LEVEL_COLOURS } from '../scene/palette';
import { dashedLine, timeAxisLabels } from '../charts';

export interface Threshold { level: string; at: number }

/** `days`: a period of weeks or months, whose time axis names days rather than hours. */
export function HistoryChart({ points, thresholds, unit, lang, width = 330, days = false }: { points: { t: number; v: number }[]; thresholds: Threshold[]; unit: string; lang: Lang; width?: number; days?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The panel polls every few seconds: the chart is built once per quantity and language, new readings go in with setData.
  const lines = thresholds.map((t) => `${t.level}:${t.at}`).join(',');
  const data = (): uPlot.AlignedData => [points.map((p) => p.t / 1000), points.map((p) => p.v)];
  useEffect(() => {
    const el = box.current!;
    plot.current = new uPlot({
      width, height: 150,
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max * 1.1, ...thresholds.map((t) => t.at * 1.1))] } },
      axes: [{ stroke: '#8b98a5', grid: { stroke: '#26313b' }, values: timeAxisLabels(lang, days) },
        { stroke: '#8b98a5', grid: { stroke: '#26313b' }, size: 44, label: unit, labelSize: 14, labelFont: '11px "Noto Sans SC", sans-serif' }],
      series: [{}, { stroke: '#58a6ff', width: 1.5, points: { show: points.length < 30 } }],
      legend: { show: false },
      hooks: { draw: thresholds.map((t) => dashedLine(t.at, LEVEL_COLOURS[t.level] ?? '#f85149', [5, 4], 1)) },
    }, data(), el);
    el.dataset.thresholds = lines;
    return () => { plot.current?.destroy(); plot.current = null; };
  }, [lines, unit, lang, width, days]); // eslint-disable-line react-hooks/exhaustive-deps
  const stamp = points.map((p) => p.t).join();
  useEffect(() => {
    plot.current?.setData(data());
    box.current!.dataset.points = String(points.length);
  }, [stamp, lines]); // eslint-disable-line react-hooks/exhaustive-deps
  return <div ref={box} className="history-chart" data-testid="history-chart" />;
}
