// What a drill of a scenario can reach, before anyone plays it: each objective, the resolution and each
// inject, with the shortest way there (@xstate/graph over an abstract machine of the drill: the alarm,
// then the actions the drill's roles may take, in the order the rule table allows). An objective no role
// of the drill may act on, or a resolution that needs one, is flagged with the reason.
import { assign, setup } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { HAZARDS, type HazardRegistry } from '../../scenarios/hazards/registry';
import type { ActionKind, Scenario } from '../../scenarios/schema';
import { actionRow } from '../../scenarios/actions';


export interface Reach { reachable: boolean; path: string[]; reason: string | null }
export interface Reachability {
  objectives: (Reach & { id: string; action: ActionKind })[];
  resolved: Reach;
  injects: (Reach & { id: string })[];
}

type DrillEvent = { type: 'ALARM_RAISED' } | { type: 'ACT'; action: ActionKind };

/** `registry`: the hazard models (each names the action that makes it safe; a fall has none: its end names one). */
export function reachability(s: Scenario, registry: HazardRegistry = HAZARDS): Reachability {
  const roles = new Set(s.roles);
  const mayDo = (a: ActionKind) => actionRow(a).roles.some((r) => roles.has(r));
  const resolve = s.end.resolveWhen;
  const hazard = s.hazards.find((h) => h.id === resolve.hazard);
  const makesSafe = hazard && registry.has(hazard.model) ? registry.of(hazard.model).makesSafe : null;
  const needed: ActionKind[] = 'afterAction' in resolve ? [resolve.afterAction].flat() : makesSafe ? [makesSafe] : [];
  // Only the actions that matter, and what they need first: the state space stays small.
  const relevant = new Set<ActionKind>();
  const want = (a: ActionKind) => { if (relevant.has(a)) return; relevant.add(a); for (const p of actionRow(a).after ?? []) want(p); };
  const injectActions = s.injects.flatMap((i) => (typeof i.when === 'object' && 'action' in i.when ? [i.when.action] : []));
  [...s.expected.map((e) => e.action), ...needed, ...injectActions, 'acknowledge' as const].forEach(want);
  const actions = [...relevant].filter(mayDo).sort();

  const machine = setup({
    types: { context: {} as { done: ActionKind[] }, events: {} as DrillEvent },
    guards: {
      allowed: ({ context, event }) => event.type === 'ACT' && !context.done.includes(event.action) && (actionRow(event.action).after ?? []).every((p) => context.done.includes(p)),
      resolved: ({ context }) => needed.length > 0 && needed.every((a) => context.done.includes(a)),
    },
  }).createMachine({
    id: 'drill', initial: 'incident', context: { done: [] },
    states: {
      incident: { on: { ALARM_RAISED: 'detected' } },
      detected: {
        always: { guard: 'resolved', target: 'resolved' },
        on: { ACT: { guard: 'allowed', actions: assign({ done: ({ context, event }) => [...context.done, (event as Extract<DrillEvent, { type: 'ACT' }>).action].sort() }) } },
      },
      resolved: { type: 'final' },
    },
  });
  const events: DrillEvent[] = [{ type: 'ALARM_RAISED' }, ...actions.map((action) => ({ type: 'ACT' as const, action }))];
  const shortest = (to: (snap: { context: { done: ActionKind[] }; value: unknown }) => boolean): string[] | null => {
    const paths = getShortestPaths(machine, { events, toState: to as never, serializeState: (snap) => `${JSON.stringify(snap.value)}|${snap.context.done.join(',')}` });
    if (!paths.length) return null;
    return paths.sort((a, b) => a.steps.length - b.steps.length)[0]!.steps.flatMap((st): string[] => (st.event.type === 'ACT' ? [st.event.action] : st.event.type === 'ALARM_RAISED' ? ['alarm'] : []));
  };
  const who = (a: ActionKind) => actionRow(a).roles.join(', ');
  const noRole = (a: ActionKind) => `no role of this drill may do "${a}" (${who(a)} may; the drill has ${s.roles.join(', ')})`;
  const reach = (path: string[] | null, reason: string): Reach => (path ? { reachable: true, path, reason: null } : { reachable: false, path: [], reason });

  const objectives = s.expected.map((e) => ({
    id: e.id, action: e.action,
    ...reach(shortest((snap) => snap.context.done.includes(e.action)), mayDo(e.action)
      ? `"${e.action}" needs ${(actionRow(e.action).after ?? []).filter((p) => !mayDo(p)).join(', ')} first, which no role of this drill may do`
      : noRole(e.action)),
  }));
  const missing = needed.filter((a) => !mayDo(a));
  const resolved = reach(shortest((snap) => snap.value === 'resolved'), needed.length === 0
    ? `the hazard "${resolve.hazard}" (${hazard?.model ?? 'unknown'}) is never made safe by an action: end it by "afterAction"`
    : `it needs ${missing.map((a) => `"${a}" (${who(a)})`).join(', ')}, and the drill has ${s.roles.join(', ')}`);
  const acknowledgeable = mayDo('acknowledge');
  const injects = s.injects.map((inj) => {
    const when = inj.when;
    const reachOf = (): Reach => {
      if (inj.atS !== undefined) return reach(inj.atS < s.end.failAfterS ? [`${inj.atS} s`] : null, `it is due at ${inj.atS} s, after the drill fails at ${s.end.failAfterS} s`);
      if (when === 'alarm_acknowledged') return reach(acknowledgeable ? ['alarm', 'acknowledge'] : null, `it waits for an acknowledgement, and no role of this drill may acknowledge (${who('acknowledge')} may)`);
      if (typeof when === 'object' && 'alarmLevel' in when) return reach(['alarm', `grade ${when.alarmLevel}`], '');
      if (typeof when === 'object' && 'byS' in when) return reach(['alarm', `${when.byS} s`], '');
      if (typeof when === 'object') return reach(shortest((snap) => snap.context.done.includes(when.action)), noRole(when.action));
      return reach(['alarm'], '');
    };
    return { id: inj.id, ...reachOf() };
  });
  return { objectives, resolved, injects };
}
