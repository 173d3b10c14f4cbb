// What a hazard model is, in one place (as tldraw's ShapeUtil is for a shape): its entry in a scenario file,
// its names, what senses it, how the editor places it, what makes it safe, its physics as `init` / `step` /
// `read` over a state that is plain data, its reaction to each action, and how the scene draws it. Each model
// is one `defineHazard` in its own file beside its physics; registry.ts collects them, and the scenario
// schema, the runtime, reachability, the editor, the labels and the scene all derive from that.
import { z } from 'zod';
import type { DeviceType } from '../../twin-assets/deviceCatalog';
import type { District } from '../../twin-assets/districtSchema';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { Text } from '../../twin-assets/labels';
import type { ActionKind } from '../actions';
import { id, seconds, type resolveWhen, type weather } from '../fields';
import type { HazardView } from '../hazardView';

export type Vec3 = { x: number; y: number; z: number };
export type Readings = Record<string, number | boolean>;
/** How the scene draws a model (client/scene/hazardRenderers.ts has one renderer per kind): the air of a room,
 * a cloud along the wind, a flame under its smoke, where a person lies, water over a zone, or nothing of its
 * own (a crane or a lift is shown by its mover). */
export type Drawing = 'room_air' | 'plume' | 'fire' | 'fall' | 'water' | 'mover';
/** What an inject may open or shut in a building hazard's building: the hazard flat's door or windows, its stair's windows. */
export const OPENINGS = ['flat_door', 'flat_windows', 'stair_windows'] as const;
export type OpeningKind = (typeof OPENINGS)[number];
/** Where the editor places one: in a home, over a zone of low ground, on a site's scaffold, on a crane. */
export type Placement = 'home' | 'zone' | 'scaffold' | 'crane';
export interface Where { householdId?: string; zoneId?: string; buildingId?: string; craneId?: string }
/** A parameter as the editor shows it: its unit and its name in both languages. */
export type ParamText = readonly [unit: string, zh: string, en: string];
type ResolveWhen = z.output<typeof resolveWhen>;

/** What a model sees of the scenario and the district when a run prepares it. */
export interface HazardSetting {
  weather: z.output<typeof weather>;
  index: DistrictIndex;
  /** Where the entry's first device is (the room, the zone's gauge, the worker's bracelet). */
  first: Vec3;
}

/** An entry of a scenario's `hazards` for a model with params P and extra fields X. */
export type Entry<M extends string, P, X = object> = { id: string; model: M; deviceIds: string[]; startAfterS: number; params: P } & X;
/** A prepared model: its entry and what was worked out once from it and the district (env). */
export interface Prepared<E, Env> { def: E; env: Env }

/** The entry a model's params schema PS and extra fields XS parse to. */
type EntryOf<M extends string, PS extends z.ZodType, XS extends z.ZodRawShape> = Entry<M, z.output<PS>, z.output<z.ZodObject<XS>>>;

export interface HazardSpec<M extends string, PS extends z.ZodType, XS extends z.ZodRawShape, Env, S> {
  model: M;
  names: Text;
  params: PS;
  paramText: { [K in keyof z.input<PS>]-?: ParamText };
  /** What else an entry holds (a flood's zone). */
  extra?: XS;
  /** The devices an entry names: one (a crane's monitor) or several, and what they are. */
  devices: { one?: boolean; note: string };
  /** The device types whose readings this model makes. */
  sensedBy: readonly DeviceType[];
  /** Placed by clicking the twin: where, its defaults there, and how a drill of it ends unless the trainer says. */
  editor?: {
    placedOn: Placement;
    params(d: District, where: Where): z.input<PS>;
    resolve(hazardId: string): ResolveWhen;
    /** A curve the editor draws of the params over time (a storm's rain): its value at tS, how long it lasts, its top. */
    curve?: { of(params: z.output<PS>, tS: number): number; spanS(params: z.output<PS>): number; peak(params: z.output<PS>): number; unit: string; caption: Text };
  };
  /** The action that stops the source (`safe` turns true with it), for the editor's reachability check;
   * null when nothing does (a fall: its drill ends on an action). */
  makesSafe: ActionKind | null;
  drawing: Drawing;
  /** Whether the caption shows the measure (a lift's floor is not one). */
  captionMeasure?: boolean;
  prepare(def: EntryOf<M, PS, XS>, setting: HazardSetting): Env | Promise<Env>;
  init(h: Prepared<EntryOf<M, PS, XS>, Env>): S;
  /** dtS of simulated time on; tS counts from the scenario's start. */
  step?(s: S, h: Prepared<EntryOf<M, PS, XS>, Env>, tS: number, dtS: number): S;
  /** What a device that senses it reads at tS. */
  read(s: S, h: Prepared<EntryOf<M, PS, XS>, Env>, deviceId: string, tS: number): Readings;
  /** Its reaction to each action that changes it. */
  on?: Partial<Record<ActionKind, Reaction<S, Prepared<EntryOf<M, PS, XS>, Env>>>>;
  /** The source has been stopped (the valve shut, the fire out, the pumps on). */
  safe(s: S): boolean;
  /** Its measure now: the highest %LEL for gas, the water depth (m); absent when it has none to end a drill on. */
  measure?(s: S, h: Prepared<EntryOf<M, PS, XS>, Env>, tS: number): number;
  /** An inject opens (1) or shuts (0) a door or windows of its building: a resident who flees leaving the door open. */
  opening?: Reaction<S, Prepared<EntryOf<M, PS, XS>, Env>, [what: OpeningKind, f: number]>;
  /** A spark sets it off (gas above its LEL). */
  ignites?(s: S): boolean;
  /** What people would tell each other now (residents stranded), each once: the state remembers what was said. */
  news?(s: S, h: Prepared<EntryOf<M, PS, XS>, Env>, tS: number): { state: S; said: Text[] };
  /** What the scene draws of it now: where, and the view's fields (see hazardView.ts). */
  view(s: S, h: Prepared<EntryOf<M, PS, XS>, Env>, tS: number): { at: Vec3 } & Partial<Omit<HazardView, 'id' | 'model' | 'x' | 'y' | 'z'>>;
}

/** A reaction to an action, declared as a method so a definition stays assignable to AnyHazard (methods' parameters
 * are compared both ways, as `read`'s and `step`'s are). */
type Reaction<S, H, A extends unknown[] = [tS: number]> = { react(s: S, ...rest: [...A, H]): S }['react'];

export type HazardDefinition<M extends string = string, PS extends z.ZodType = z.ZodType, XS extends z.ZodRawShape = z.ZodRawShape, Env = unknown, S = unknown> =
  HazardSpec<M, PS, XS, Env, S> & { schema: ReturnType<typeof entrySchema<M, PS, XS>> };

function entrySchema<M extends string, PS extends z.ZodType, XS extends z.ZodRawShape>(model: M, params: PS, devices: { one?: boolean; note: string }, extra: XS) {
  return z.object({
    id, model: z.literal(model),
    deviceIds: (devices.one ? z.array(id).length(1) : z.array(id).min(1)).describe(devices.note),
    startAfterS: seconds.default(0),
    params,
    ...extra,
  });
}

export function defineHazard<const M extends string, PS extends z.ZodType, Env, S, XS extends z.ZodRawShape = {}>(spec: HazardSpec<M, PS, XS, Env, S>): HazardDefinition<M, PS, XS, Env, S> {
  return { ...spec, schema: entrySchema(spec.model, spec.params, spec.devices, spec.extra ?? ({} as XS)) };
}

/** A definition whatever its model, as a registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHazard = HazardDefinition<string, any, any, any, any>;
