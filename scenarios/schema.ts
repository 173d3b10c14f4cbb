// The scenario file format: what a trainer writes (YAML or JSON). See builtin/gas-leak-elderly-kitchen.yaml
// for an annotated example. A hazard entry is one of the models in hazards/registry.ts (each defined in its
// own file); a model not listed is an error. `scenarioSchema` builds the format over any registry's entry.
import { z } from 'zod';
import { RESPONSE_LEVELS, ROLES } from '../twin-assets/protocol';
import { ACTIONS } from './actions';
import { id, resolveWhen, seconds, text, weather } from './fields';
import { TASK_REFS } from './capabilities';
import { OPENINGS } from './hazards/define';
import { HAZARDS } from './hazards/registry';

export { ACTIONS, type ActionKind } from './actions';


const InjectAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device_fails'), deviceId: id }),
  /** A lane is blocked: responders are routed round it. */
  z.object({ kind: z.literal('block_lane'), edgeId: id }),
  /** Someone flicks a switch or strikes a flame: gas above its LEL ignites. */
  z.object({ kind: z.literal('spark'), hazard: id }),
  /** A door or windows of a building hazard's building opened (1) or shut (0): a resident flees leaving the door open. */
  z.object({ kind: z.literal('opening'), hazard: id, what: z.enum(OPENINGS), open: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('resident_no_answer'), householdId: id }),
  z.object({ kind: z.literal('message'), to: z.enum([...ROLES, 'all']) }),
]);

/** What an inject waits for: the alarm raised or acknowledged; the incident's alarm reaching a grade (or a graver
 * one); an action done; or a branch, an action *not* done within `byS` of the first alarm (then it fires, and
 * if the action is done in time it never does). */
export const InjectCondition = z.union([
  z.enum(['alarm_raised', 'alarm_acknowledged']),
  z.object({ alarmLevel: z.enum(RESPONSE_LEVELS) }).strict(),
  z.object({ action: z.enum(ACTIONS), done: z.literal(true).default(true) }).strict(),
  z.object({ action: z.enum(ACTIONS), done: z.literal(false), byS: seconds }).strict(),
]);
export type InjectCondition = z.infer<typeof InjectCondition>;

export const Inject = z.object({
  id, text,
  /** Either at a time after the start, or after something happens. */
  atS: seconds.optional(),
  when: InjectCondition.optional(),
  afterS: seconds.default(0),
  action: InjectAction,
}).refine((i) => (i.atS === undefined) !== (i.when === undefined), { message: 'give either "atS" or "when", not both', path: ['atS'] });

/** The scenario format over a registry's hazard entry (the product's, or a test's own). */
export function scenarioSchema<H extends z.ZodType<{ id: string; model: string }>>(hazard: H) {
  return z.object({
  id, title: text, district: id, briefing: text,
  roles: z.array(z.enum(ROLES)).min(1),
  initial: z.object({
    weather,
    timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like 21:30'),
    atHome: z.array(id).default([]),
  }),
  hazards: z.array(hazard).min(1),
  injects: z.array(Inject).default([]),
  /** Actions the responders are expected to take, each within a time limit from the first alarm; `task`: the
   * capability's critical task it is evaluated as (capabilities.ts), when not the action's own. */
  expected: z.array(z.object({ id, action: z.enum(ACTIONS), withinS: seconds, weight: z.number().min(0).default(1), task: z.enum(TASK_REFS).optional() })).default([]),
  end: z.object({
    /** Resolved when a hazard has been made safe and its gas (%LEL) or water (m) falls below a mark, or once an
     * action (or every one of a list) is done: a casualty handed over; a fire out and the flat aired. */
    resolveWhen,
    /** Failed when not resolved by then (from the start). */
    failAfterS: seconds,
  }),
  scoring: z.object({ onTimeWeight: z.number().min(0).default(1), resolvedWeight: z.number().min(0).default(2) }).default({ onTimeWeight: 1, resolvedWeight: 2 }),
}).superRefine((s, ctx) => {
  const hazards = new Set(s.hazards.map((h) => h.id));
  if (!hazards.has(s.end.resolveWhen.hazard)) ctx.addIssue({ code: 'custom', path: ['end', 'resolveWhen', 'hazard'], message: `unknown hazard "${s.end.resolveWhen.hazard}"` });
  s.injects.forEach((inj, i) => {
    if ((inj.action.kind === 'spark' || inj.action.kind === 'opening') && !hazards.has(inj.action.hazard)) ctx.addIssue({ code: 'custom', path: ['injects', i, 'action', 'hazard'], message: `unknown hazard "${inj.action.hazard}"` });
  });
  const ids = new Set<string>();
  [...s.hazards, ...s.injects, ...s.expected].forEach((x) => { if (ids.has(x.id)) ctx.addIssue({ code: 'custom', path: ['id'], message: `duplicate id "${x.id}"` }); ids.add(x.id); });
  });
}

export const Hazard = HAZARDS.entry;
export const Scenario = scenarioSchema(Hazard);
export type Scenario = z.infer<typeof Scenario>;
export type HazardDef = z.infer<typeof Hazard>;
