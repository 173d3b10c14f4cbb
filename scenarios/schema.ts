// The scenario file format: what a trainer writes (YAML or JSON). See builtin/gas-leak-elderly-kitchen.yaml
// for an annotated example. Hazard models are added here as they are built; a model not listed is an error.
import { z } from 'zod';
import { RESPONSE_LEVELS, ROLES } from '../twin-assets/protocol';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected an id of letters, digits, "_", "." or "-"');
const text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const seconds = z.number().min(0).max(24 * 3600);

export const ACTIONS = ['acknowledge', 'phone_resident', 'shut_valve', 'open_windows', 'no_sparks', 'on_site', 'call_119', 'call_120', 'first_aid', 'handover_120', 'evacuate', 'extinguish', 'stop_crane', 'cordon', 'deploy_pump', 'remove_ebike', 'fetch_aed', 'use_aed', 'deploy_boat', 'report_hazard'] as const;
export type ActionKind = (typeof ACTIONS)[number];

const GasRoom = z.object({
  id, model: z.literal('gas_room'),
  /** The devices that sense this room (gas detectors in it). */
  deviceIds: z.array(id).min(1),
  startAfterS: seconds.default(0),
  params: z.object({
    leakM3PerH: z.number().positive().max(100),
    roomM3: z.number().positive().max(10_000),
    airChangesPerH: z.number().positive().max(60),
    windowsOpenAirChangesPerH: z.number().positive().max(120),
  }),
});

const GasPlume = z.object({
  id, model: z.literal('gas_plume'),
  /** Outdoor detectors (and any device with a gas reading) downwind of a ruptured main. */
  deviceIds: z.array(id).min(1),
  startAfterS: seconds.default(0),
  params: z.object({
    source: z.object({ x: z.number(), y: z.number() }),
    releaseGps: z.number().positive().max(10_000),
    heightM: z.number().min(0).max(100).default(0),
    /** Where the wind blows to, in degrees (0 north, 90 east); its speed and stability come from `initial.weather`. */
    windToDeg: z.number().min(0).max(360),
  }),
});

const Fall = z.object({
  id, model: z.literal('fall'),
  /** The bracelet worn by the person who falls, and any crane monitor or thermal camera on the site. */
  deviceIds: z.array(id).min(1),
  startAfterS: seconds.default(0),
  params: z.object({
    heightM: z.number().positive().max(300),
    /** What the site's crane holds on its hook when the worker falls. */
    craneLoadKg: z.number().min(0).max(100_000).default(800),
    craneMomentPct: z.number().min(0).max(200).default(35),
  }),
});

const KitchenFire = z.object({
  id, model: z.literal('kitchen_fire'),
  /** The smoke detectors in the room. */
  deviceIds: z.array(id).min(1),
  startAfterS: seconds.default(0),
  params: z.object({
    /** t² growth (NFPA 72: slow 0.00293, medium 0.01172, fast 0.0469 kW/s²). */
    alphaKwPerS2: z.number().positive().max(1).default(0.01172),
    peakKw: z.number().positive().max(20_000),
    ceilingM: z.number().positive().max(20),
    roomM3: z.number().positive().max(10_000),
    airChangesPerH: z.number().positive().max(60).default(0.5),
    ambientC: z.number().min(-40).max(50).default(20),
  }),
});

const CraneWind = z.object({
  id, model: z.literal('crane_wind'),
  /** The crane's safety monitor. */
  deviceIds: z.array(id).length(1),
  startAfterS: seconds.default(0),
  params: z.object({
    windFromMps: z.number().min(0).max(60), windToMps: z.number().min(0).max(60), rampS: z.number().positive(),
    liftKg: z.number().min(0).max(100_000), liftAtS: seconds, radiusM: z.number().positive().max(100),
  }),
});

const Flood = z.object({
  id, model: z.literal('flood'),
  /** The zone's water-level gauge and manholes. */
  deviceIds: z.array(id).min(1),
  startAfterS: seconds.default(0),
  params: z.object({
    peakRainMmPerH: z.number().positive().max(300), stormS: z.number().positive(), peakAtS: z.number().positive(),
    catchmentRatio: z.number().min(0).max(1000), runoff: z.number().min(0).max(1),
    drainageMmPerH: z.number().min(0), pumpMmPerH: z.number().min(0),
  }),
  /** The district's flood zone: its ground-floor homes are where residents get stranded. */
  zoneId: id.optional(),
});

const EbikeElevator = z.object({
  id, model: z.literal('ebike_elevator'),
  /** The elevator monitor of the car the e-bike is wheeled into. */
  deviceIds: z.array(id).length(1),
  startAfterS: seconds.default(0),
  params: z.object({ floor: z.number().int() }),
});

export const Hazard = z.discriminatedUnion('model', [GasRoom, GasPlume, Fall, KitchenFire, CraneWind, Flood, EbikeElevator]);

const InjectAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device_fails'), deviceId: id }),
  /** A lane is blocked: responders are routed round it. */
  z.object({ kind: z.literal('block_lane'), edgeId: id }),
  /** Someone flicks a switch or strikes a flame: gas above its LEL ignites. */
  z.object({ kind: z.literal('spark'), hazard: id }),
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

export const Scenario = z.object({
  id, title: text, district: id, briefing: text,
  roles: z.array(z.enum(ROLES)).min(1),
  initial: z.object({
    weather: z.object({ windMps: z.number().min(0).max(60), stability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']), tempC: z.number().min(-40).max(50) }),
    timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like 21:30'),
    atHome: z.array(id).default([]),
  }),
  hazards: z.array(Hazard).min(1),
  injects: z.array(Inject).default([]),
  /** Actions the responders are expected to take, each within a time limit from the first alarm. */
  expected: z.array(z.object({ id, action: z.enum(ACTIONS), withinS: seconds, weight: z.number().min(0).default(1) })).default([]),
  end: z.object({
    /** Resolved when a hazard has been made safe and its gas (%LEL) or water (m) falls below a mark, or once an
     * action (or every one of a list) is done: a casualty handed over; a fire out and the flat aired. */
    resolveWhen: z.union([
      z.object({ hazard: id, belowPercentLel: z.number().min(0).max(100) }),
      z.object({ hazard: id, belowLevelM: z.number().min(0) }),
      z.object({ hazard: id, afterAction: z.union([z.enum(ACTIONS), z.array(z.enum(ACTIONS)).min(1)]) }),
    ]),
    /** Failed when not resolved by then (from the start). */
    failAfterS: seconds,
  }),
  scoring: z.object({ onTimeWeight: z.number().min(0).default(1), resolvedWeight: z.number().min(0).default(2) }).default({ onTimeWeight: 1, resolvedWeight: 2 }),
}).superRefine((s, ctx) => {
  const hazards = new Set(s.hazards.map((h) => h.id));
  if (!hazards.has(s.end.resolveWhen.hazard)) ctx.addIssue({ code: 'custom', path: ['end', 'resolveWhen', 'hazard'], message: `unknown hazard "${s.end.resolveWhen.hazard}"` });
  s.injects.forEach((inj, i) => {
    if (inj.action.kind === 'spark' && !hazards.has(inj.action.hazard)) ctx.addIssue({ code: 'custom', path: ['injects', i, 'action', 'hazard'], message: `unknown hazard "${inj.action.hazard}"` });
  });
  const ids = new Set<string>();
  [...s.hazards, ...s.injects, ...s.expected].forEach((x) => { if (ids.has(x.id)) ctx.addIssue({ code: 'custom', path: ['id'], message: `duplicate id "${x.id}"` }); ids.add(x.id); });
});

export type Scenario = z.infer<typeof Scenario>;
export type HazardDef = z.infer<typeof Hazard>;
