// The KPI page's two charts, drawn by uPlot: alarms per 10 minutes (bars over time, the standards' lines
// dashed) and time to acknowledge by grade (median and 90th percentile side by side).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlarmKpis } from '../../twin-assets/kpis';
import type { Lang } from '../../twin-assets/labels';
import { LEVEL_LABELS } from '../../twin-assets/labels';
import { RESPONSE_LEVELS } from '../../twin-assets/protocol';
import { text } from '../i18n';
import { dashedLine, timeAxisLabels } from '../charts';

// Canvas text does not wait for a web font: the CJK font the page serves is loaded before a chart draws.
const FONT = '12px "Noto Sans SC", system-ui, sans-serif';
export const AXIS = { stroke: '#8b98a5', font: FONT, grid: { stroke: '#26313b' }, ticks: { stroke: '#26313b' } };


/** A uPlot chart kept in a div, rebuilt when its options or data change. */
export function Chart({ make, testId, deps }: { make: (width: number) => [uPlot.Options, uPlot.AlignedData]; testId: string; deps: unknown[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    let plot: uPlot | null = null;
    let gone = false;
    void document.fonts.load(FONT, '级特别重大较一般中位数分位报警').catch(() => {}).then(() => {
      if (gone) return;
      const [opts, data] = make(Math.max(320, el.clientWidth));
      plot = new uPlot(opts, data, el);
      el.dataset.points = String(data[0].length);
    });
    return () => { gone = true; plot?.destroy(); };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return <div ref={box} className="chart" data-testid={testId} />;
}

const line = (value: number, colour: string) => dashedLine(value, colour, [6, 4], 1.5);

export function RateChart({ kpis, lang }: { kpis: AlarmKpis; lang: Lang }) {
  return <Chart testId="kpi-rate-chart" deps={[kpis, lang]} make={(width) => [{
    width, height: 240,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(12, max + 1)] } },
    axes: [{ ...AXIS, values: timeAxisLabels(lang, kpis.to - kpis.from > 86_400_000) }, { ...AXIS, size: 40 }],
    series: [{}, { label: text('alarmsPer10Min', lang), stroke: '#58a6ff', fill: 'rgba(88,166,255,.45)', paths: uPlot.paths.bars!({ size: [0.9, 40], align: 1 }), points: { show: false } }],
    legend: { show: false },
    hooks: { draw: [line(kpis.targets.per10MinAcceptable, '#3fb950'), line(kpis.targets.per10MinManageable, '#d29922'), line(kpis.targets.floodPer10Min, '#f85149')] },
  }, [kpis.per10Min.map((p) => p.start / 1000), kpis.per10Min.map((p) => p.count)]]} />;
}

export function AckChart({ kpis, lang }: { kpis: AlarmKpis; lang: Lang }) {
  const levels = [...RESPONSE_LEVELS].reverse(); // I first: the most severe
  const bars = (offset: number) => uPlot.paths.bars!({ size: [0.35, 60], align: offset as 1 | -1 });
  return <Chart testId="kpi-ack-chart" deps={[kpis, lang]} make={(width) => [{
    width, height: 240,
    scales: { x: { time: false, range: [-0.6, levels.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(10, (max ?? 0) * 1.15)] } },
    axes: [{ ...AXIS, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) && levels[v] ? LEVEL_LABELS[levels[v]!][lang] : '')), splits: () => levels.map((_, i) => i) }, { ...AXIS, size: 48 }],
    series: [{}, { label: text('median', lang), stroke: '#58a6ff', fill: 'rgba(88,166,255,.6)', paths: bars(-1), points: { show: false } },
      { label: text('p90', lang), stroke: '#d29922', fill: 'rgba(210,153,34,.6)', paths: bars(1), points: { show: false } }],
    legend: { show: true, live: false },
  }, [levels.map((_, i) => i), levels.map((l) => kpis.ackTime[l].medianS), levels.map((l) => kpis.ackTime[l].p90S)]]} />;
}
