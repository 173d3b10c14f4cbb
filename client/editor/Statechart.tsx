// The scenario's statechart as the drill runs it: the XState machine compiled from the draft (the same
// compile the kernel uses), each parallel region with its states and what moves it on.
import { useMemo } from 'react';
import type { AnyStateMachine } from 'xstate';
import { compileScenario } from '../../scenarios/compile';
import type { Scenario } from '../../scenarios/schema';
import { useLang } from '../i18n';
import { STATECHART_LABELS, type Lang, type Text } from '../../twin-assets/labels';

interface Edge { from: string; to: string; on: string }

type Node = { key: string; states: Record<string, Node>; transitions: Map<string, { target?: readonly { key: string }[] }[]> };

/** The machine's regions, states and edges, read from the compiled machine itself. */
export function chartOf(machine: AnyStateMachine): { region: string; states: string[]; edges: Edge[] }[] {
  const running = (machine.root as unknown as Node).states.running!;
  return Object.values(running.states).map((region) => ({
    region: region.key,
    states: Object.keys(region.states),
    edges: Object.values(region.states).flatMap((st) => [...st.transitions.entries()].flatMap(([event, defs]) => defs.flatMap((d) => (d.target ?? []).map((tg) => ({
      from: st.key, to: tg.key, on: event.startsWith('xstate.after.') ? `${Number(event.split('.')[2]) / 1000} s` : event,
    }))))),
  }));
}

/** The chart as a person reads it: regions, states and events in their language (an inject by its text). */
export function chartWords(scenario: Pick<Scenario, 'injects'>, r: { region: string; edges: Edge[] }, lang: Lang): { region: string; edges: Edge[] } {
  const L = STATECHART_LABELS;
  const inject = r.region.startsWith('inject_') ? scenario.injects.find((i) => `inject_${i.id}` === r.region) : undefined;
  const region = inject ? `${L.region.inject[lang]}：${inject.text[lang].slice(0, 24)}` : (L.region as Record<string, Text>)[r.region]?.[lang] ?? r.region;
  const state = (k: string) => L.state[k]?.[lang] ?? k;
  const on = (e: string) => (/^\d+(\.\d+)? s$/.test(e) ? `${parseFloat(e)}${L.after[lang]}` : L.event[e]?.[lang] ?? e);
  return { region, edges: r.edges.map((e) => ({ from: state(e.from), to: state(e.to), on: on(e.on) })) };
}

export function Statechart({ scenario }: { scenario: Scenario }) {
  const { lang, t } = useLang();
  const chart = useMemo(() => { try { return chartOf(compileScenario(scenario, () => {})); } catch { return []; } }, [scenario]);
  return (
    <div className="statechart" data-testid="statechart">
      <h3>{t('statechart')}</h3>
      {chart.map((r) => { const w = chartWords(scenario, r, lang); return (
        <div key={r.region} className="region" data-testid={`region-${r.region}`}>
          <b>{w.region}</b>
          <ul className="plain">{w.edges.map((e, i) => <li key={i}>{e.from} → {e.to} <span className="muted">（{e.on}）</span></li>)}</ul>
        </div>
      ); })}
    </div>
  );
}
