// The scenario's statechart as the drill runs it: the XState machine compiled from the draft (the same
// compile the kernel uses), each parallel region with its states and what moves it on.
import { useMemo } from 'react';
import type { AnyStateMachine } from 'xstate';
import { compileScenario } from '../../scenarios/compile';
import type { Scenario } from '../../scenarios/schema';
import { useLang } from '../i18n';

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

export function Statechart({ scenario }: { scenario: Scenario }) {
  const { t } = useLang();
  const chart = useMemo(() => { try { return chartOf(compileScenario(scenario, () => {})); } catch { return []; } }, [scenario]);
  return (
    <div className="statechart" data-testid="statechart">
      <h3>{t('statechart')}</h3>
      {chart.map((r) => (
        <div key={r.region} className="region" data-testid={`region-${r.region}`}>
          <b>{r.region}</b>
          <ul className="plain">{r.edges.map((e, i) => <li key={i}><code>{e.from}</code> → <code>{e.to}</code> <span className="muted">({e.on})</span></li>)}</ul>
        </div>
      ))}
    </div>
  );
}
