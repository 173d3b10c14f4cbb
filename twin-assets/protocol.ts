// The one module of wire types shared by server, bridge and client: alarm JSON (CONTRACT.md),
// room join options and messages, and the zod schemas that decode them once, at the edge.
// A change here is a change of the outside contract.
import { REPORT_TRIAGE, REPORT_TRIAGE_SHAPE } from './reports';
import { z } from 'zod';
import { LOGIN, STAFF_ROLES } from './permissions';
import { CORRECTIVE_CHANGE, NEW_CORRECTIVE_ACTION } from './improvement';

export { LOGIN };
const PERSON_SCOPE = z.object({ communityId: z.string().min(1).max(64).optional(), courtyardIds: z.array(z.string().min(1).max(64)).min(1).max(500).optional() });

export const RESPONSE_LEVELS = ['IV', 'III', 'II', 'I'] as const; // least to most severe
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export const LINKAGE_TIERS = ['household', 'building', 'grid', 'community', 'street'] as const;
export type LinkageTier = (typeof LINKAGE_TIERS)[number];

export const ALARM_STATES = [
  'active_unacked', 'active_acked', 'rtn_unacked', 'closed', 'shelved', 'suppressed', 'out_of_service',
] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmLocation {
  courtyardId: string | null;
  buildingId: string | null;
  floor: number | null;
  x: number;
  y: number;
  z: number;
}

export interface AlarmJson {
  id: string;
  deviceId: string;
  deviceType: string;
  kind: string;
  level: ResponseLevel;
  state: AlarmState;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  location: AlarmLocation;
  reading: Record<string, number | boolean>;
  notified: LinkageTier[];
  exercise: boolean;
}

const ms = z.number().finite();
/** An alarm as the contract sends it (HTTP, MQTT, rooms) and the journal keeps it: one schema for the journal's
 * decoding and the HTTP tests' check of every answer. */
export const ALARM_JSON = z.object({
  id: z.string().min(1), deviceId: z.string().min(1), deviceType: z.string(), kind: z.string(), level: z.enum(RESPONSE_LEVELS), state: z.enum(ALARM_STATES),
  raisedAt: ms, ackedAt: ms.nullable(), ackedBy: z.string().nullable(),
  location: z.object({ courtyardId: z.string().nullable(), buildingId: z.string().nullable(), floor: z.number().nullable(), x: ms, y: ms, z: ms }),
  reading: z.record(z.string(), z.union([z.number(), z.boolean()])), notified: z.array(z.enum(LINKAGE_TIERS)), exercise: z.boolean(),
}) satisfies z.ZodType<AlarmJson>;

/** A person who may log in, as the people routes answer (never a password or a secret). */
export const PERSON_JSON = z.object({
  id: z.string().min(1), login: z.string(), name: z.string(), roles: z.array(z.enum(STAFF_ROLES)), scope: PERSON_SCOPE.nullable(),
  disabled: z.boolean(), createdAt: ms, updatedAt: ms,
}).strict();
/** Who is logged in and what the permission table lets them do (a machine credential has no login). */
export const SESSION_JSON = z.object({
  id: z.string().min(1), login: z.string().nullable(), name: z.string(), roles: z.array(z.enum(STAFF_ROLES)), scope: PERSON_SCOPE.nullable(),
  disabled: z.boolean().optional(), createdAt: ms.optional(), updatedAt: ms.optional(), permissions: z.record(z.string(), z.enum(['all', 'scope'])),
}).strict();
/** A personal token as listed (its secret only once, when made). */
export const TOKEN_JSON = z.object({ id: z.string().min(1), label: z.string(), createdAt: ms, token: z.string().optional() }).strict();

/** An alarm's move from one state to another: who (`by` to read, `byId` who it was), when, why. */
export const TRANSITION_JSON = z.object({
  at: ms, from: z.enum(ALARM_STATES).nullable(), to: z.enum(ALARM_STATES), level: z.enum(RESPONSE_LEVELS), by: z.string().nullable(), byId: z.string().optional(), reason: z.string().optional(),
});
/** A page of the alarm history: alarms with their transitions, newest first, and the cursor of the next page. */
export const HISTORY_PAGE_JSON = z.object({ alarms: z.array(ALARM_JSON.extend({ transitions: z.array(TRANSITION_JSON) })), next: z.string().nullable() }).strict();
/** A device's readings as aggregates at a step. */
export const READINGS_JSON = z.object({
  deviceId: z.string(), from: ms, to: ms, step: z.string(),
  points: z.array(z.object({ t: ms, quantity: z.string(), min: ms, mean: ms, max: ms, last: ms }).strict()),
}).strict();

/** The audit log as read: each change of state, login and logout, newest first, and whether the window held more. */
export const AUDIT_PAGE_JSON = z.object({
  entries: z.array(z.object({
    at: ms, action: z.string().min(1),
    by: z.object({ id: z.string(), name: z.string(), login: z.string().optional(), kind: z.enum(['person', 'service', 'anonymous', 'guest']) }),
    target: z.string().optional(), outcome: z.enum(['ok', 'refused', 'failed']), address: z.string().optional(), detail: z.record(z.string(), z.unknown()).optional(),
  })),
  truncated: z.boolean(),
}).strict();

/** A notification sent for an alarm (a resident's name and address blank to those who may not see residents). */
export const NOTIFICATION_JSON = z.object({
  id: z.string().min(1), alarmId: z.string().min(1), round: z.number().int().min(1), tier: z.enum(LINKAGE_TIERS), channel: z.string(),
  recipient: z.object({ role: z.string(), name: z.string(), address: z.string() }), level: z.string(), text: z.object({ zh: z.string(), en: z.string() }),
  exercise: z.boolean(), at: ms,
});

export const TASK_STATES = ['assigned', 'en_route', 'on_site', 'done', 'cancelled'] as const;
export const RESOURCE_KINDS = ['grid_worker', 'micro_fire_station', 'aed', 'hydrant'] as const;
/** A dispatch task: a resource sent to an alarm, and how it moved on. */
export const TASK_JSON = z.object({
  id: z.string().min(1), alarmId: z.string().min(1), kind: z.enum(RESOURCE_KINDS),
  resource: z.object({ id: z.string(), name: z.string(), x: ms, y: ms }),
  state: z.enum(TASK_STATES), etaS: ms, distanceM: ms, assignedAt: ms, onSiteAt: ms.nullable(), doneAt: ms.nullable(),
  history: z.array(z.object({ at: ms, to: z.enum(TASK_STATES), by: z.string().nullable(), byId: z.string().optional() })),
});

/** Who did something, as every record keeps it: `name` for a person to read, `id` for who it was (a person's
 * account id, `service:<name>` for a machine credential, `guest:…` for a drill's guest). The server decides it. */
export interface Actor { id: string; name: string }

export const ROLES = ['trainer', 'commander', 'grid_worker', 'firefighter', 'medic', 'observer'] as const;
export type Role = (typeof ROLES)[number];
/** The exercise evaluator's seat in a drill: not a player (no figure, not in the players' state, never a message's
 * addressee); sees the whole drill and rates its critical tasks. Only staff the table lets read drills' reports take it. */
export const EVALUATOR_SEAT = 'evaluator';
export type Seat = Role | typeof EVALUATOR_SEAT;

/** HSEEP's ratings of a critical task: P performed without challenges, S with some, M with major, U unable. */
export const RATINGS = ['P', 'S', 'M', 'U'] as const;
export type Rating = (typeof RATINGS)[number];
/** An evaluator's rating of one critical task, as the drill journal keeps it and the evaluator's page shows it. */
export interface TaskRating { task: string; rating: Rating; note: string; simS: number; by: string }
/** The product's proposal for a task, from the evidence (scenarios/evaluation.ts). */
export interface ProposedRating { task: string; rating: Rating; evidence: { zh: string; en: string }[] }

const TEXT = z.object({ zh: z.string(), en: z.string() });
/** The scenario library's entries: the built-in templates (version 0), then the saved scenarios' latest versions. */
export const SCENARIO_ENTRY_JSON = z.object({
  id: z.string().min(1), title: TEXT, district: z.string(), briefing: TEXT, roles: z.array(z.enum(ROLES)), hazards: z.array(z.string()),
  failAfterS: ms, builtin: z.boolean(), version: z.number().int().min(0),
}).strict();
/** A scenario file as saved, and the versions saved of it. */
export const SCENARIO_FILE_JSON = z.object({ id: z.string().min(1), version: z.number().int().min(0), yaml: z.string(), builtin: z.boolean() }).strict();
export const SCENARIO_VERSION_JSON = z.object({ version: z.number().int().min(0), savedAt: ms, bytes: z.number().int().min(0) }).strict();
/** A drill made, and the drills of a server: held now (with their room), then past ones (with how they ended). */
export const DRILL_CREATED_JSON = z.object({ drillId: z.string().min(1), roomId: z.string().min(1), code: z.string().min(1) }).strict();
export const DRILL_LISTING_JSON = z.object({
  drillId: z.string().min(1), roomId: z.string().nullable(), scenarioId: z.string(), team: z.string().nullable(), createdAt: ms, trainer: z.string().nullable(), status: z.string(),
  simS: ms.optional(), players: z.number().int().optional(), outcome: z.string().nullable().optional(), code: z.string().optional(),
}).strict();


/** Bumped when a message changes shape: a client speaking another version is refused with a clear error. */
export const PROTOCOL_VERSION = 1;

export interface JoinOptions {
  role: Seat;
  /** A guest's name (a person logged in is seated under their own). */
  name: string;
  /** A personal API token (scripts); a browser's session cookie says who joins without one. */
  token?: string;
  /** A drill's guest join code, from its trainer. */
  code?: string;
  /** PROTOCOL_VERSION, as the client was built. */
  protocol: number;
}

export const DRILL_STATUSES = ['lobby', 'briefing', 'running', 'paused', 'debrief', 'ended'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_SPEEDS = { min: 1, max: 10 } as const;

/** A trainer's control of the drill's clock. */
/** `skip`: a running drill's simulated time runs on at once to its first alarm (nothing happens before it at 1×
 * for minutes); the session does it, tick by tick, as if at full speed. */
export type DrillControl = { cmd: 'brief' | 'start' | 'pause' | 'resume' | 'end' } | { cmd: 'speed'; speed: number } | { cmd: 'skip' };
/** A trainer's inject: one of the scenario's, or made up on the spot. */
export type DrillInject =
  | { id: string }
  | { kind: 'device_fails'; deviceId: string }
  | { kind: 'block_lane'; edgeId: string }
  | { kind: 'casualty'; x: number; y: number; text: string };

/** Messages a client sends to a room. */
export type ClientMessage =
  | { type: 'ack'; alarmId: string }
  | { type: 'shelve'; alarmId: string; minutes: number; reason: string }
  /** drill: go to a place (the server plans the route and moves the avatar) */
  | { type: 'move'; x: number; y: number }
  /** drill: a role action (scenarios/schema.ts ACTIONS); `text` for a hazard report, `householdId` for a call */
  | { type: 'act'; action: string; text?: string; householdId?: string }
  /** dispatch: live operators move a task to any next state; in a drill a responder accepts it (en_route) or reports it done */
  | { type: 'task'; taskId: string; state: 'en_route' | 'on_site' | 'done' | 'cancelled' }
  | ({ type: 'control' } & DrillControl)
  | ({ type: 'inject' } & DrillInject)
  /** drill: the trainer's message to a role (or everyone) */
  | { type: 'say'; to: Role | 'all'; text: string }
  /** drill: the evaluator's rating of a critical task (capabilities.ts), with what they saw */
  | { type: 'rate'; task: string; rating: Rating; note: string };

/** Messages a room sends to one client. */
export type ServerMessage =
  | { type: 'welcome'; role: Seat; canAcknowledge: boolean; playerId?: string; actions?: string[] }
  /** `message` in English; `zh` the same in Chinese, where the server has it */
  | { type: 'error'; code: string; message: string; zh?: string }
  /** drill: what an accepted action achieved */
  | { type: 'done'; action: string; outcome: string; zh?: string }
  /** drill: a message for this player's role (from the trainer or the scenario) */
  | { type: 'notice'; from: string; text: string; zh?: string }
  /** drill, to the evaluator only: each task's proposed rating from the evidence so far, and the ratings given */
  | { type: 'evaluation'; proposals: ProposedRating[]; ratings: TaskRating[] };

/** Room message channel names (Colyseus sends by type name). */
export const MSG = {
  ack: 'ack', shelve: 'shelve', welcome: 'welcome', error: 'error',
  move: 'move', act: 'act', task: 'task', control: 'control', inject: 'inject', say: 'say', done: 'done', notice: 'notice',
  rate: 'rate', evaluation: 'evaluation',
} as const;

export function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.indexOf(level);
}

// ---- decoding at the edge: each room message checked once, before any handler sees it ----

const finite = z.number().finite();
const idText = z.string().min(1).max(128);
/** The reason shown for a malformed message of each type: the shape a program should have sent. */
export const MESSAGE_SHAPES = {
  ack: 'ack needs {"alarmId": "<id>"}',
  shelve: 'shelve needs {"alarmId", "minutes" (1–480), "reason"}',
  move: 'move needs {"x": <m>, "y": <m>}',
  act: 'act needs {"action": "<action>"} (and "text" for a hazard report, "householdId" for a call)',
  task: 'task needs {"taskId", "state": "en_route" | "on_site" | "done" | "cancelled"}',
  control: `control needs {"cmd": "brief" | "start" | "pause" | "resume" | "skip" | "speed" | "end"} (speed: {"speed": ${DRILL_SPEEDS.min}–${DRILL_SPEEDS.max}})`,
  inject: 'inject needs {"id"} of a scenario inject, or {"kind": "device_fails", "deviceId"}, {"kind": "block_lane", "edgeId"}, {"kind": "casualty", "x", "y", "text"}',
  say: 'say needs {"to": "all" | a role, "text"}',
  rate: 'rate needs {"task": "<capability.task>", "rating": "P" | "S" | "M" | "U", "note"} (note up to 1000 characters)',
} as const;

export const MESSAGE_SCHEMAS = {
  ack: z.object({ alarmId: idText }),
  shelve: z.object({ alarmId: idText, minutes: finite.gt(0).max(480), reason: z.string().trim().min(1).max(200) }),
  move: z.object({ x: finite, y: finite }),
  act: z.object({ action: z.string().min(1).max(40), text: z.string().max(500).optional(), householdId: idText.optional() }),
  task: z.object({ taskId: idText, state: z.enum(['assigned', 'en_route', 'on_site', 'done', 'cancelled']) }),
  control: z.discriminatedUnion('cmd', [
    z.object({ cmd: z.enum(['brief', 'start', 'pause', 'resume', 'end']) }),
    z.object({ cmd: z.literal('skip') }),
    z.object({ cmd: z.literal('speed'), speed: finite }),
  ]),
  inject: z.union([
    z.object({ kind: z.literal('device_fails'), deviceId: idText }),
    z.object({ kind: z.literal('block_lane'), edgeId: idText }),
    z.object({ kind: z.literal('casualty'), x: finite, y: finite, text: z.string().min(1).max(200) }),
    z.object({ id: idText }),
  ]),
  say: z.object({ to: z.enum([...ROLES, 'all']), text: z.string().min(1).max(500) }),
  rate: z.object({ task: z.string().min(1).max(64), rating: z.enum(RATINGS), note: z.string().max(1000) }),
} satisfies { [K in keyof typeof MESSAGE_SHAPES]: z.ZodType };

export type DecodedMessage<K extends keyof typeof MESSAGE_SCHEMAS> = z.infer<(typeof MESSAGE_SCHEMAS)[K]>;

// ---- HTTP bodies, decoded the same way: the shape each POST takes, and what to say when it is not that ----

/** The team a drill is for, by its name (社区应急分队…): a team's page gathers its drills and corrective actions. */
export const TEAM_NAME = z.string().trim().min(1).max(40).regex(/^[^\u0000-\u001f/]+$/);
/** A drill created without a team is the street's own team's. */
export const DEFAULT_TEAM = '街道应急队';

// Who acts is the person the server authenticated: no body carries a "by" (one sent is ignored).
export const BODY_SCHEMAS = {
  alarmAction: z.object({}),
  shelve: z.object({ minutes: finite.gt(0).max(480), reason: z.string().trim().min(1).max(200) }),
  service: z.object({ inService: z.boolean(), reason: z.string().trim().min(1).max(200).optional() })
    .refine((b) => b.inService || b.reason !== undefined, { message: 'a reason' }),
  command: z.object({ cmd: z.string().regex(/^[a-z_]{1,40}$/) }),
  task: z.object({ state: MESSAGE_SCHEMAS.task.shape.state }),
  drill: z.object({ scenarioId: idText, seed: z.number().int().min(0).max(2 ** 31 - 1).optional(), team: TEAM_NAME.optional() }),
  reportTriage: REPORT_TRIAGE,
  login: z.object({ login: z.string().min(1).max(40), password: z.string().min(1).max(200) }),
  newPerson: z.object({ login: z.string().regex(LOGIN), name: z.string().trim().min(1).max(40), password: z.string().min(10).max(200), roles: z.array(z.enum(STAFF_ROLES)).min(1).max(8), scope: PERSON_SCOPE.optional() }),
  personChange: z.object({ name: z.string().trim().min(1).max(40).optional(), password: z.string().min(10).max(200).optional(), roles: z.array(z.enum(STAFF_ROLES)).min(1).max(8).optional(), scope: PERSON_SCOPE.nullable().optional(), disabled: z.boolean().optional() }),
  newToken: z.object({ label: z.string().trim().min(1).max(60).default('API') }),
  correctiveAction: NEW_CORRECTIVE_ACTION,
  correctiveChange: CORRECTIVE_CHANGE,
  plan: z.object({ budget: finite.gt(0).max(100_000), objective: z.enum(['impact', 'coverage']).default('impact'), fixed: z.array(idText).max(100_000).optional(), timeLimitS: finite.gt(0).max(120).optional() }),
} as const;

export const BODY_SHAPES: { [K in keyof typeof BODY_SCHEMAS]: string } = {
  alarmAction: 'the body is empty or {}',
  shelve: 'shelving needs {"minutes": 1–480, "reason": "<1–200 characters>"}',
  service: 'the body needs {"inService": true} or {"inService": false, "reason": "<why, 1–200 characters>"}',
  command: 'the body needs {"cmd": "close_valve"} (lower-case letters and "_")',
  task: '"state" must be one of assigned, en_route, on_site, done, cancelled',
  drill: 'the body needs {"scenarioId": "<id>"} (GET /api/scenarios lists them) and may give "seed", a whole number from 0 to 2147483647, and "team", the name of the team that drills (1–40 characters)',
  reportTriage: REPORT_TRIAGE_SHAPE,
  login: 'logging in needs {"login", "password"}',
  newPerson: 'a person needs {"login" (2–40 lower-case letters, digits, ".", "_", "-"), "name" (1–40 characters), "password" (10–200 characters), "roles": [one or more of ' + STAFF_ROLES.join(', ') + ']} and, for community and grid staff, "scope": {"communityId"} or {"courtyardIds": [...]}',
  personChange: 'a change may give "name", "password" (10–200 characters), "roles", "scope" ({"communityId"} or {"courtyardIds"}) and "disabled" (true or false)',
  newToken: 'a token may be given a "label" (1–60 characters)',
  correctiveAction: 'a corrective action needs {"drillId", "task" (capability.task), "text" (1–500 characters), "owner" (a person\'s login), "due" (YYYY-MM-DD)} and may give "scenarioId" (the scenario that re-drills it)',
  correctiveChange: 'a change may give "text", "owner" (a login), "due" (YYYY-MM-DD), "status" (open, done, cancelled) and "scenarioId"',
  plan: 'the body needs {"budget": <above 0>} and may give "objective" ("impact" or "coverage"), "fixed" (candidate ids kept) and "timeLimitS" (up to 120)',
};

/** An alarm in full: its transitions, grading, escalations, notifications, dispatch tasks and on-site target. */
export const ALARM_DETAIL_JSON = ALARM_JSON.extend({
  transitions: z.array(TRANSITION_JSON), factors: z.array(z.string()), escalations: z.number().int(), escalateAt: ms.nullable(),
  notifications: z.array(NOTIFICATION_JSON), tasks: z.array(TASK_JSON),
  onSite: z.object({ targetAt: ms, firstOnSiteAt: ms.nullable(), met: z.boolean().nullable(), overdue: z.boolean() }).strict(),
}).strict();
