// The HTTP API's declarations, one per operation and keyed by its operationId: method, path, the permission-table
// action it needs, its body, a summary, and every answer with the schema of its JSON body (or its media type).
// The server binds a handler to each (sim-server/http/api.ts and the *Routes.ts beside it: `route(operationId,
// { handler })`), matches, decodes and documents from them (router.ts: OpenAPI); the browser's one client
// (client/net/api.ts) is typed from them. Nothing of Node here: the browser imports this file.
import { z } from 'zod';
import { Device, District, Household } from './districtSchema';
import { KPIS_JSON } from './kpis';
import { CANDIDATE_KINDS, PLANNED_TYPES } from './placement';
import type { Action } from './permissions';
import {
  ALARM_DETAIL_JSON, ALARM_JSON, AUDIT_PAGE_JSON, BODY_SCHEMAS, DRILL_CREATED_JSON, DRILL_LISTING_JSON, HISTORY_PAGE_JSON, PERSON_JSON, READINGS_JSON,
  ROLES, SCENARIO_ENTRY_JSON, SCENARIO_FILE_JSON, SCENARIO_VERSION_JSON, SESSION_JSON, TASK_JSON, TOKEN_JSON, TRANSITION_JSON,
} from './protocol';
import { REPORT_JSON, REPORT_PUBLIC_JSON, REPORT_STATUSES } from './reports';
import { CORRECTIVE_ACTION_JSON, TEAM_JSON, TEAMS_JSON } from './improvement';

export type BodyKind = keyof typeof BODY_SCHEMAS;

/** What a status means, and for an answer with a body its JSON schema or its media types (an error's body is
 * always ERROR_BODY). openapi.test.ts checks that every 2xx answer with a body declares one or the other. */
export type Answer = string | { description: string; schema?: z.ZodType; media?: readonly string[] };

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI style: /api/alarms/{alarmId}/ack */
  path: string;
  /** The permission-table action it needs ('public': anyone, no action). */
  action: Action | 'public';
  /** A JSON body, decoded by BODY_SCHEMAS[body] before the handler runs. */
  body?: BodyKind;
  /** A body the handler reads itself (a scenario file): its media type, for the document. */
  rawBody?: string;
  summary: string;
  responses: Readonly<Record<number, Answer>>;
}

/** Every error answer: one line a person understands. */
export const ERROR_BODY = z.object({ error: z.string().min(1) }).loose();

/** The longest window the alarm KPIs are computed over, in days. */
export const KPI_MAX_DAYS = 400;

/** What /api/health answers: starting (history catching up, drills resuming), or the live stream's owner or a
 * standby with its parts. */
const HEALTH = z.object({
  status: z.enum(['ok', 'degraded', 'starting']), uptimeSeconds: z.number().int().min(0), database: z.string(),
  history: z.string().optional(), drills: z.string().optional(), live: z.enum(['owner', 'standby']).optional(), liveOwner: z.string().nullable().optional(),
  mqtt: z.enum(['connected', 'disconnected']).optional(), journal: z.string().optional(), district: z.string().optional(),
  devices: z.number().int().optional(), openAlarms: z.number().int().optional(),
}).strict();

const ACTED = { 200: { description: 'done: the alarm as it is now', schema: z.union([ALARM_JSON, z.object({ ok: z.literal(true) }).strict()]) }, 400: 'a malformed body', 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such alarm or device', 409: 'not in a state that allows it', 503: 'the journal or the database cannot record it now (named)' } as const;

const TEXT = z.object({ zh: z.string(), en: z.string() });
const NULLABLE_NUMBER = z.number().nullable();
const READING_VALUES = z.record(z.string(), z.union([z.number(), z.boolean()]));

/** GET /api/devices/{deviceId}: the device with its state, series and thresholds; the rest as the caller may see. */
const DEVICE_DETAIL_JSON = z.object({
  device: Device,
  state: z.object({ id: z.string(), online: z.boolean().nullable(), battery: NULLABLE_NUMBER, lastSeq: NULLABLE_NUMBER, lastTs: NULLABLE_NUMBER, updatedAt: NULLABLE_NUMBER, lastHeard: NULLABLE_NUMBER, readings: READING_VALUES }).strict(),
  display: z.object({ display: z.enum(['normal', 'offline', 'alarm_unacked', 'alarm_acked', 'rtn_unacked']), level: z.string() }).strict(),
  series: z.array(z.object({ ts: z.number(), readings: READING_VALUES }).strict()),
  personalData: z.boolean(),
  contacts: z.array(z.object({ role: z.enum(['resident', 'relative', 'building_head', 'guard_room', 'grid_worker']), name: z.string(), phone: z.string(), relation: z.string().optional() }).strict()),
  household: Household.nullable(),
  alarms: z.array(ALARM_JSON.extend({ transitions: z.array(TRANSITION_JSON), factors: z.array(z.string()) })),
  commands: z.array(z.object({
    reqId: z.string(), deviceId: z.string(), cmd: z.string(), by: z.string(), byId: z.string(), sentAt: z.number(),
    state: z.enum(['sent', 'done', 'refused', 'timed_out']), answeredAt: NULLABLE_NUMBER, result: z.string().nullable(),
  }).strict()),
  outOfService: z.boolean(),
  service: z.object({ at: z.number(), by: z.string(), reason: z.string() }).loose().nullable(),
  thresholds: z.array(z.object({ quantity: z.string(), when: z.enum(['above', 'below']), level: z.string(), at: z.number() }).strict()),
}).strict();

/** A command waiting for a platform to carry it (with the bytes its model's codec gives, when it can). */
const PENDING_COMMAND = z.object({ reqId: z.string(), deviceId: z.string(), cmd: z.string(), at: z.number(), fPort: NULLABLE_NUMBER, data: z.string().nullable(), platformId: z.string().nullable() }).strict();
const SOURCE_REFUSAL = z.object({ reason: z.string(), detail: z.string() }).strict();
/** GET /api/sources: one source as the admin page shows it. */
const SOURCE_JSON = z.object({
  id: z.string(), kind: z.enum(['chirpstack', 'onenet', 'ctwing', 'webhook']), state: z.enum(['connected', 'disconnected', 'listening']),
  devices: z.number().int(), taken: z.number().int(), refused: z.record(z.string(), z.number().int()),
  lastAt: NULLABLE_NUMBER, lastRefusal: SOURCE_REFUSAL.extend({ at: z.number() }).nullable(),
  unknown: z.array(z.object({ identity: z.string(), where: z.string(), firstAt: z.number(), lastAt: z.number(), count: z.number().int() }).strict()),
  unknownCount: z.number().int(),
  pending: z.array(PENDING_COMMAND),
}).strict();
/** What a platform's push is answered: 200 once every message is taken or refused for good. */
const PUSH_ANSWERS = {
  200: { description: '{ok, taken, refused: [{reason, detail}], commands?}: every message taken or refused for good (a webhook\'s answer lists the commands waiting for its devices)', schema: z.object({ ok: z.literal(true), taken: z.number().int(), refused: z.array(SOURCE_REFUSAL), commands: z.array(PENDING_COMMAND).optional() }).strict() },
  400: 'not the platform\'s format', 401: 'the signature or token is not this source\'s', 404: 'no such source', 413: 'over 256 KiB', 503: 'too busy to decode every message (send it again), or this process does not own the live twin',
} as const;

/** A scenario file's error: where (path, line, column) and what, in English and Chinese. */
const SCENARIO_ERROR = z.object({ path: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable(), message: z.string(), zh: z.string().optional() }).strict();
const REACH = { reachable: z.boolean(), path: z.array(z.string()), reason: z.string().nullable() };
const SCENARIO_CHECK_JSON = z.union([
  z.object({
    ok: z.literal(true), errors: z.array(SCENARIO_ERROR).max(0), warnings: z.array(SCENARIO_ERROR), id: z.string(),
    reachability: z.object({ objectives: z.array(z.object({ ...REACH, id: z.string(), action: z.string() }).strict()), resolved: z.object(REACH).strict(), injects: z.array(z.object({ ...REACH, id: z.string() }).strict()) }).strict(),
    scenario: z.object({ id: z.string(), title: TEXT }).loose(),
  }).strict(),
  z.object({ ok: z.literal(false), errors: z.array(SCENARIO_ERROR).min(1), warnings: z.array(SCENARIO_ERROR) }).strict(),
]);

const REPORT_KPI = z.object({ id: z.enum(['detect', 'acknowledge', 'dispatch', 'arrive', 'resolve']), seconds: NULLABLE_NUMBER, limitS: NULLABLE_NUMBER, met: z.boolean().nullable() }).strict();
const AT_SECOND = { simS: z.number() };
/** A drill's after-action report (sim-server/drill/report.ts), or the part of it one participant may read. */
const DRILL_REPORT_JSON = z.object({
  drillId: z.string(), scenario: z.object({ id: z.string(), title: TEXT, briefing: TEXT }).strict(), seed: z.number().int(), createdAt: z.number(),
  outcome: z.enum(['resolved', 'failed', 'ended_by_trainer', 'abandoned', 'in_progress']), durationS: z.number(), incidentS: NULLABLE_NUMBER, firstAlarmS: NULLABLE_NUMBER,
  kpis: z.array(REPORT_KPI),
  onSiteTarget: z.object({ limitS: z.number(), arrivedAfterS: NULLABLE_NUMBER, met: z.boolean() }).strict(),
  objectives: z.array(z.object({ id: z.string(), action: z.string(), withinS: z.number(), doneAtS: NULLABLE_NUMBER, by: z.string().nullable(), met: z.boolean() }).strict()),
  score: z.object({ earned: z.number(), possible: z.number(), lines: z.array(z.object({}).loose()) }).strict(),
  timeline: z.array(z.object({ ...AT_SECOND, kind: z.string(), text: z.string(), zh: z.string() }).strict()),
  roles: z.array(z.object({ playerId: z.string(), name: z.string(), role: z.enum(ROLES), actions: z.array(z.object({ ...AT_SECOND, action: z.string(), ok: z.boolean(), detail: z.string(), zh: z.string() }).strict()) }).strict()),
  replay: z.object({
    players: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }).strict()),
    frames: z.array(z.object({ ...AT_SECOND, players: z.array(z.object({ id: z.string(), x: z.number(), y: z.number() }).strict()) }).strict()),
    devices: z.array(z.object({ ...AT_SECOND, deviceId: z.string(), display: z.string(), level: z.string() }).strict()),
    casualties: z.array(z.object({ ...AT_SECOND, id: z.string(), x: z.number(), y: z.number(), text: z.string() }).strict()),
  }).strict(),
}).strict();

/** The AAR/IP (sim-server/drill/aar.ts): the review without its replay, each critical task rated, strengths, areas for
 * improvement and the plan. */
const RATING = z.enum(['P', 'S', 'M', 'U']);
const AAR_JSON = z.object({
  drillId: z.string(), team: z.string().nullable(), report: DRILL_REPORT_JSON.omit({ replay: true }), evaluators: z.array(z.string()),
  tasks: z.array(z.object({ task: z.string(), capability: TEXT, name: TEXT, proposed: RATING.nullable(), evidence: z.array(TEXT), rating: RATING.nullable(), note: z.string(), by: z.string().nullable(), simS: NULLABLE_NUMBER }).strict()),
  strengths: z.array(TEXT), improvements: z.array(TEXT), plan: z.array(CORRECTIVE_ACTION_JSON),
}).strict();

const PLANNED_TYPE = z.enum(PLANNED_TYPES);
/** The planner's table for a device type (twin-assets/placement.ts PlacementTable) and the file it was made on. */
const PLACEMENT_TABLE_JSON = z.object({
  type: PLANNED_TYPE,
  problem: z.object({
    scenarios: z.array(z.object({ id: z.string(), undetected: z.number(), probability: NULLABLE_NUMBER }).strict()),
    sensors: z.array(z.object({ id: z.string(), cost: z.number() }).strict()),
    detections: z.array(z.array(z.object({ sensor: z.number().int(), impact: z.number() }).strict())),
  }).strict(),
  candidates: z.array(z.object({ id: z.string(), x: z.number(), y: z.number(), z: z.number(), kind: z.enum(CANDIDATE_KINDS), buildingId: z.string().nullable(), householdId: z.string().nullable(), floor: NULLABLE_NUMBER, room: z.string().nullable(), rule: z.string() }).strict()),
  fixed: z.array(z.string()), names: z.record(z.string(), z.string()), seconds: z.array(z.array(z.number())), useProbability: z.boolean(),
  where: z.array(z.object({ x: z.number(), y: z.number() }).strict()), baseFile: z.string(),
}).strict();
/** A placement the solver found (twin-assets/placement.ts PlanResult), with the sensors it kept. */
const PLAN_JSON = z.object({
  objective: z.enum(['impact', 'coverage']), value: z.number(), bound: z.number(), gapPct: z.number(), solver: z.string(), sensors: z.array(z.string()),
  totalCost: z.number(), fractionDetected: z.number(), scenarios: z.array(z.object({ scenario: z.string(), sensor: z.string().nullable(), impact: z.number(), detected: z.boolean() }).strict()),
  gains: z.array(z.object({ sensor: z.string(), valueAfter: z.number() }).strict()), seconds: z.number(), fixed: z.array(z.string()),
}).strict();

const GEOJSON = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.object({ type: z.literal('Feature'), geometry: z.object({ type: z.string() }).loose().nullable(), properties: z.object({}).loose().nullable() }).loose()) }).loose();
const OPENAPI = z.object({ openapi: z.literal('3.1.0'), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.record(z.string(), z.object({ operationId: z.string() }).loose())) }).loose();
const SAVED = { description: '{id, version}', schema: z.object({ id: z.string(), version: z.number().int().min(1) }).strict() };

export const ROUTES = {
  getApiHealth: {
    method: 'GET',
    path: '/api/health',
    action: 'public',
    summary: 'Whether the twin is up: MQTT, journal, database, district. 503 {"status":"starting"} until the history has caught up with the journal and the drills are back',
    responses: { 200: { description: 'ok', schema: HEALTH }, 503: { description: 'starting, or a part is down (named)', schema: HEALTH } },
  },
  getApiDistrict: {
    method: 'GET',
    path: '/api/district',
    action: 'district.read',
    summary: 'The loaded district; residents\' names, ages, vulnerability and phones (and building heads\') only to staff whose role and scope allow it',
    responses: { 200: { description: 'the district JSON (personal data as the caller may see it)', schema: District } },
  },
  getApiDistrictGeojson: {
    method: 'GET',
    path: '/api/district.geojson',
    action: 'district.read',
    summary: 'The district as GeoJSON',
    responses: { 200: { description: 'a FeatureCollection', schema: GEOJSON, media: ['application/geo+json'] } },
  },
  getApiDevicesByDeviceId: {
    method: 'GET',
    path: '/api/devices/{deviceId}',
    action: 'district.read',
    summary: 'A device: its state (lastHeard survives restarts), series and thresholds; its alarms, commands and service note to staff whose scope covers it; contacts and household to those who may see residents there',
    responses: { 200: { description: 'the device', schema: DEVICE_DETAIL_JSON }, 404: 'no such device' },
  },
  postApiDevicesByDeviceIdService: {
    method: 'POST',
    path: '/api/devices/{deviceId}/service',
    action: 'devices.service',
    body: 'service',
    summary: 'Take a device out of service (with a reason, journaled) or put it back',
    responses: ACTED,
  },
  postApiDevicesByDeviceIdCmd: {
    method: 'POST',
    path: '/api/devices/{deviceId}/cmd',
    action: 'devices.command',
    body: 'command',
    summary: 'Send a command to a device; its answer comes back on MQTT',
    responses: { 202: { description: 'sent: {reqId}', schema: z.object({ ok: z.literal(true), reqId: z.string().min(1) }).strict() }, 400: 'a malformed body', 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such device' },
  },
  getApiAlarms: {
    method: 'GET',
    path: '/api/alarms',
    action: 'alarms.feed',
    summary: 'The live alarms; ?state= filters. Without a session no names (ackedBy is null); community and grid staff see their own',
    responses: { 200: { description: 'alarm JSON, oldest first', schema: z.array(ALARM_JSON) }, 400: 'an unknown state' },
  },
  getApiAlarmsByAlarmId: {
    method: 'GET',
    path: '/api/alarms/{alarmId}',
    action: 'alarms.read',
    summary: 'An alarm with its transitions, escalations, notifications and dispatch tasks (who was notified by name and phone only to those who may see residents there)',
    responses: { 200: { description: 'the alarm', schema: ALARM_DETAIL_JSON }, 401: 'not logged in', 403: 'outside the scope', 404: 'no such alarm (closed ones are kept for a while)' },
  },
  postApiAlarmsByAlarmIdAck: {
    method: 'POST',
    path: '/api/alarms/{alarmId}/ack',
    action: 'alarms.ack',
    body: 'alarmAction',
    summary: 'Acknowledge an alarm, as the person logged in',
    responses: ACTED,
  },
  postApiAlarmsByAlarmIdShelve: {
    method: 'POST',
    path: '/api/alarms/{alarmId}/shelve',
    action: 'alarms.shelve',
    body: 'shelve',
    summary: 'Shelve an alarm for some minutes, with a reason',
    responses: ACTED,
  },
  postApiAlarmsByAlarmIdUnshelve: {
    method: 'POST',
    path: '/api/alarms/{alarmId}/unshelve',
    action: 'alarms.shelve',
    body: 'alarmAction',
    summary: 'Bring a shelved alarm back',
    responses: ACTED,
  },
  postApiTasksByTaskId: {
    method: 'POST',
    path: '/api/tasks/{taskId}',
    action: 'tasks.update',
    body: 'task',
    summary: 'Move a dispatch task on (en route, on site, done, cancelled)',
    responses: { ...ACTED, 200: { description: 'the task as it is now', schema: TASK_JSON } },
  },
  getApiScenarios: {
    method: 'GET',
    path: '/api/scenarios',
    action: 'scenarios.read',
    summary: 'The scenario library: the built-in templates, then the saved scenarios (latest versions)',
    responses: { 200: { description: 'id, title, district, briefing, roles, hazards, failAfterS, builtin, version', schema: z.array(SCENARIO_ENTRY_JSON) } },
  },
  postApiScenariosValidate: {
    method: 'POST',
    path: '/api/scenarios/validate',
    action: 'scenarios.write',
    rawBody: 'application/yaml',
    summary: 'Check a scenario file (YAML or JSON, ≤ 256 KiB) as scenario:check does, in a worker',
    responses: { 200: { description: '{ok, errors: [{path, line, column, message}], warnings (what no drill can reach), reachability (each objective, the resolution and each inject, with the shortest way there), scenario}', schema: SCENARIO_CHECK_JSON }, 413: 'over 256 KiB', 422: 'too heavy to parse (depth, aliases, time)', 503: 'the workers are busy' },
  },
  postApiScenariosTry: {
    method: 'POST',
    path: '/api/scenarios/try',
    action: 'scenarios.write',
    rawBody: 'application/yaml',
    summary: 'Run a draft scenario (YAML or JSON, ≤ 256 KiB) headless at full speed with scripted responders, in a worker: its report (timeline, alarms, KPIs, objectives, frames to step through)',
    responses: { 200: { description: '{ok: true, outcome, simulatedS, report}', schema: z.object({ ok: z.literal(true), outcome: z.string(), simulatedS: z.number(), report: DRILL_REPORT_JSON }).strict() }, 401: 'not logged in', 403: 'not a trainer', 413: 'over 256 KiB', 422: '{error, errors: [{path, line, column, message}]}', 503: 'the workers are busy' },
  },
  getApiScenariosByScenarioId: {
    method: 'GET',
    path: '/api/scenarios/{scenarioId}',
    action: 'scenarios.read',
    summary: 'A scenario file as last saved (a built-in as shipped, version 0)',
    responses: { 200: { description: '{id, version, yaml, builtin}', schema: SCENARIO_FILE_JSON }, 404: 'no such scenario' },
  },
  getApiScenariosByScenarioIdVersions: {
    method: 'GET',
    path: '/api/scenarios/{scenarioId}/versions',
    action: 'scenarios.read',
    summary: 'The saved versions of a scenario, newest first',
    responses: { 200: { description: '[{version, savedAt, bytes}]', schema: z.array(SCENARIO_VERSION_JSON) }, 404: 'no such scenario' },
  },
  putApiScenariosByScenarioId: {
    method: 'PUT',
    path: '/api/scenarios/{scenarioId}',
    action: 'scenarios.write',
    rawBody: 'application/yaml',
    summary: 'Save a scenario file (YAML or JSON, ≤ 256 KiB) as a new version, checked as scenario:check does, in a worker; "If-Match: <version>" refuses to overwrite a version saved since',
    responses: { 200: SAVED, 201: { ...SAVED, description: '{id, version}: the first version' }, 401: 'not logged in', 403: 'not a trainer', 409: 'a built-in (read-only), or saved since the If-Match version', 413: 'over 256 KiB', 422: '{error, errors: [{path, line, column, message}]}', 503: 'the workers are busy' },
  },
  postApiDrills: {
    method: 'POST',
    path: '/api/drills',
    action: 'drills.run',
    body: 'drill',
    summary: 'Create a drill from a scenario: its room, and the join code guests take part with',
    responses: { 201: { description: '{drillId, roomId, code}', schema: DRILL_CREATED_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not a trainer', 404: 'no such scenario', 409: 'written for another district', 503: 'MAX_DRILLS held already' },
  },
  getApiDrills: {
    method: 'GET',
    path: '/api/drills',
    action: 'drills.list',
    summary: 'The drills held now (with status, simulated time and, for those who run drills, the guest join code), then past ones',
    responses: { 200: { description: 'the list', schema: z.array(DRILL_LISTING_JSON) } },
  },
  getApiDrillsByDrillIdReport: {
    method: 'GET',
    path: '/api/drills/{drillId}/report',
    action: 'public',
    summary: 'The after-action report, for trainers, evaluators and those who took part (a guest sends X-Drill-Code while the drill is held) (JSON; Accept: text/html or ?format=html for a page, in Chinese or, for a browser that asks for English or ?lang=en, English), built in a worker',
    responses: { 200: { description: 'the report (JSON), or the page (text/html)', schema: DRILL_REPORT_JSON, media: ['text/html'] }, 404: 'no such drill', 503: 'the workers are busy' },
  },
  getApiDrillsByDrillIdAar: {
    method: 'GET',
    path: '/api/drills/{drillId}/aar',
    action: 'drills.report',
    summary: 'The after-action report and improvement plan (HSEEP AAR/IP), zh-CN first (?lang=en for English): ?format=json (default), html (the page), docx (Word) or pdf (the page printed by Chromium); each critical task with the proposed and the evaluator\'s rating, strengths, areas for improvement, KPIs, the timeline and the corrective actions. Built in a worker',
    responses: { 200: { description: 'the AAR/IP', schema: AAR_JSON, media: ['text/html', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf'] }, 400: 'an unknown format', 401: 'not logged in', 403: 'not a trainer or an evaluator', 404: 'no such drill', 503: 'the workers or the printer are busy, or no Chromium to print a PDF' },
  },
  getApiImprovement: {
    method: 'GET',
    path: '/api/improvement',
    action: 'improvement.read',
    summary: 'Corrective actions {id, drillId, task, owner, due, status, …}, open first; ?team=, ?status=open|done|cancelled, ?scenarioId=, ?drillId=; closeProposed names a later drill that rated the task P',
    responses: { 200: { description: 'the actions', schema: z.array(CORRECTIVE_ACTION_JSON) }, 400: 'an unknown status', 401: 'not logged in' },
  },
  postApiImprovement: {
    method: 'POST',
    path: '/api/improvement',
    action: 'improvement.write',
    body: 'correctiveAction',
    summary: 'A corrective action for a drill\'s critical task, with an owner (a person\'s login) and a due date; re-drilled by the drill\'s scenario unless scenarioId names another',
    responses: { 201: { description: 'the action', schema: CORRECTIVE_ACTION_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not a trainer or an evaluator', 404: 'no such drill, or the drill has not ended yet', 422: 'an unknown task, owner or scenario' },
  },
  patchApiImprovementById: {
    method: 'PATCH',
    path: '/api/improvement/{id}',
    action: 'improvement.write',
    body: 'correctiveChange',
    summary: 'Change a corrective action: its text, owner, due date, status (open, done, cancelled) or scenario',
    responses: { 200: { description: 'the action', schema: CORRECTIVE_ACTION_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not a trainer or an evaluator', 404: 'no such action', 422: 'an unknown owner or scenario' },
  },
  getApiImprovementOwners: {
    method: 'GET',
    path: '/api/improvement/owners',
    action: 'improvement.write',
    summary: 'Who may own a corrective action: every person not disabled, by login and name',
    responses: { 200: { description: '[{login, name}]', schema: z.array(z.object({ login: z.string(), name: z.string() }).strict()) }, 401: 'not logged in', 403: 'not a trainer or an evaluator' },
  },
  getApiTeams: {
    method: 'GET',
    path: '/api/teams',
    action: 'improvement.read',
    summary: 'The teams that have drilled: how many drills, open corrective actions, the last drill',
    responses: { 200: { description: 'the teams', schema: TEAMS_JSON }, 401: 'not logged in' },
  },
  getApiTeamsByTeam: {
    method: 'GET',
    path: '/api/teams/{team}',
    action: 'improvement.read',
    summary: 'A team\'s drills, oldest first, with each critical task\'s final rating (given by an evaluator or proposed), and its corrective actions',
    responses: { 200: { description: 'the team', schema: TEAM_JSON }, 401: 'not logged in', 404: 'no drill or action of that team' },
  },
  getApiPlannerByType: {
    method: 'GET',
    path: '/api/planner/{type}',
    action: 'planner.use',
    summary: 'The impact table of this district for a device type (gas, smoke or water_level) for the planner: candidate places (named, placed by the siting rule), incidents from the hazard models with their undetected impact, and which candidate detects which incident how soon',
    responses: { 200: { description: '{type, candidates, fixed, names, problem, seconds, where, useProbability, baseFile}', schema: PLACEMENT_TABLE_JSON }, 401: 'not logged in', 403: 'not a planner', 404: 'no planner for that type', 503: 'the planner is busy' },
  },
  postApiPlannerByTypeOptimise: {
    method: 'POST',
    path: '/api/planner/{type}/optimise',
    action: 'planner.use',
    body: 'plan',
    summary: 'Where sensors of a type should go within a budget (the district\'s own kept): HiGHS, or lazy greedy with a bound, in a worker',
    responses: { 200: { description: '{objective, value, bound, gapPct, solver, sensors, fixed, scenarios, gains}', schema: PLAN_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not a planner', 404: 'no planner for that type', 422: '"fixed" names a place the table does not have', 503: 'the planner is busy' },
  },
  getApiKpisAlarms: {
    method: 'GET',
    path: '/api/kpis/alarms',
    action: 'kpis.read',
    summary: `Alarm-system health over a window (ISA-18.2, EEMUA 191): alarms per 10 minutes, share of time in flood, standing and stale alarms, chattering, top sources, time to acknowledge by level; ?from=&to= (ISO 8601 or epoch ms; default the last 24 h, at most ${KPI_MAX_DAYS} days), computed by the history database; the same window and scope asked again within 30 s is answered from the last run; community staff get their community's`,
    responses: { 200: { description: '{from, to, raised, per10Min, averagePer10Min, maxPer10Min, floodPct, standing, stale, chattering, topSources, ackTime, byLevel, targets, historyFrom}', schema: KPIS_JSON }, 400: 'a malformed or too long window', 503: 'the database cannot be read' },
  },
  getApiOpenapiJson: {
    method: 'GET',
    path: '/api/openapi.json',
    action: 'public',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', schema: OPENAPI } },
  },
  getMetrics: {
    method: 'GET',
    path: '/metrics',
    action: 'metrics.read',
    summary: 'Prometheus text: messages in, rejected by reason, alarms by level, tick time, clients (a scraper sends a token: Authorization: Bearer <token>)',
    responses: { 200: { description: 'Prometheus text format', media: ['text/plain'] }, 401: 'no token', 403: 'not an operator' },
  },
  getApiHistoryAlarms: {
    method: 'GET',
    path: '/api/history/alarms',
    action: 'alarms.read',
    summary: 'A period\'s alarms with their transitions (who, when, why), newest first: ?from=&to= (ISO 8601 or epoch ms; default the last 30 days), kind, deviceId, courtyardId, level, cursor (the `next` of the previous page), limit (≤ 500). Accept: text/csv (or ?format=csv) gives the period\'s alarms with who acknowledged them, in zh-CN (?lang=en for English). Community staff get their community\'s',
    responses: { 200: { description: '{alarms: [...with transitions], next}, or text/csv', schema: HISTORY_PAGE_JSON, media: ['text/csv'] }, 400: 'a malformed filter or cursor', 401: 'not logged in', 403: 'not allowed', 503: 'the database cannot be read' },
  },
  getApiDevicesByDeviceIdReadings: {
    method: 'GET',
    path: '/api/devices/{deviceId}/readings',
    action: 'devices.read',
    summary: 'A device\'s readings as aggregates {t, quantity, min, mean, max, last}: ?from=&to= (default the last 24 h), step 1m, 5m, 1h or 1d (default: one that fits the period), from the database: they survive restarts and are kept 400 days',
    responses: { 200: { description: '{deviceId, from, to, step, points: [{t, quantity, min, mean, max, last}]}', schema: READINGS_JSON }, 400: 'a malformed period or step', 401: 'not logged in', 403: 'outside the scope', 404: 'no such device' },
  },
  postApiSession: {
    method: 'POST',
    path: '/api/session',
    action: 'public',
    body: 'login',
    summary: 'Log in: a session cookie (HttpOnly, SameSite=Strict, 12 h); throttled per login and per address',
    responses: { 200: { description: '{login, name, roles, scope, permissions}', schema: SESSION_JSON }, 401: 'wrong login or password, or disabled', 429: 'too many failures: wait (Retry-After)', 503: 'too many logins at once' },
  },
  getApiSession: {
    method: 'GET',
    path: '/api/session',
    action: 'public',
    summary: 'Who is logged in, and what they may do',
    responses: { 200: { description: '{login, name, roles, scope, permissions}', schema: SESSION_JSON }, 401: 'not logged in' },
  },
  deleteApiSession: {
    method: 'DELETE',
    path: '/api/session',
    action: 'public',
    summary: 'Log out: the session ends here and on every process',
    responses: { 204: 'logged out' },
  },
  getApiUsers: {
    method: 'GET',
    path: '/api/users',
    action: 'people.manage',
    summary: 'Everyone who may log in, with roles and scope',
    responses: { 200: { description: '[{id, login, name, roles, scope, disabled}]', schema: z.array(PERSON_JSON) }, 401: 'not logged in', 403: 'not an administrator' },
  },
  postApiUsers: {
    method: 'POST',
    path: '/api/users',
    action: 'people.manage',
    body: 'newPerson',
    summary: 'Add a person who may log in',
    responses: { 201: { description: 'the person', schema: PERSON_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not an administrator', 409: 'the login is taken', 422: 'a scope of another district, or missing' },
  },
  patchApiUsersByLogin: {
    method: 'PATCH',
    path: '/api/users/{login}',
    action: 'people.manage',
    body: 'personChange',
    summary: 'Change a person: name, roles, scope, a new password (their sessions end), or disable them (their sessions and tokens stop working)',
    responses: { 200: { description: 'the person', schema: PERSON_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not an administrator', 404: 'no such login', 409: 'it would leave no administrator', 422: 'a scope of another district, or missing' },
  },
  postApiTokens: {
    method: 'POST',
    path: '/api/tokens',
    action: 'tokens.own',
    body: 'newToken',
    summary: 'A personal API token for scripts and CLIs, acting as you; shown once (use it as Authorization: Bearer)',
    responses: { 201: { description: '{id, token, label}', schema: TOKEN_JSON.required({ token: true }) }, 401: 'not logged in', 403: 'a machine credential has no tokens' },
  },
  getApiTokens: {
    method: 'GET',
    path: '/api/tokens',
    action: 'tokens.own',
    summary: 'Your personal tokens (never the secrets)',
    responses: { 200: { description: '[{id, label, createdAt}]', schema: z.array(TOKEN_JSON.omit({ token: true })) } },
  },
  deleteApiTokensByTokenId: {
    method: 'DELETE',
    path: '/api/tokens/{tokenId}',
    action: 'tokens.own',
    summary: 'Revoke one of your tokens (an administrator may revoke anyone\'s)',
    responses: { 204: 'revoked', 404: 'no such token of yours' },
  },
  getApiAudit: {
    method: 'GET',
    path: '/api/audit',
    action: 'audit.read',
    summary: 'The audit log: every change of state, login, failed login and logout, newest first; ?from=&to= (ISO 8601 or epoch ms; default the last 7 days), ?login=, ?limit= (≤ 5000), from the history database (kept HISTORY_DAYS)',
    responses: { 200: { description: '{entries: [{at, action, by, target, outcome, address, detail}], truncated}', schema: AUDIT_PAGE_JSON }, 400: 'a malformed window', 401: 'not logged in', 403: 'not an administrator', 503: 'the database cannot be read' },
  },
  postApiReports: {
    method: 'POST',
    path: '/api/reports',
    action: 'reports.submit',
    rawBody: 'multipart/form-data',
    summary: 'A resident\'s hazard report, no login: multipart with "photo" (an image, ≤ 5 MB), "category", "text", and "buildingId" or "lat" + "lon"; read in a worker; rate-limited per address',
    responses: { 201: { description: '{id, status}', schema: z.object({ id: z.string().min(1), status: z.enum(REPORT_STATUSES) }).strict() }, 400: 'a broken form or missing field', 413: 'the photo is over 5 MB', 415: 'the photo is not an image', 422: 'the place is outside the district', 429: 'too many reports from this address', 503: 'busy, or the journal cannot record it' },
  },
  getApiReports: {
    method: 'GET',
    path: '/api/reports',
    action: 'reports.read',
    summary: 'Every report kept (community and grid staff: theirs), newest first, in full',
    responses: { 200: { description: 'the reports', schema: z.array(REPORT_JSON) }, 401: 'not logged in', 403: 'the role does not allow it' },
  },
  getApiReportsByReportId: {
    method: 'GET',
    path: '/api/reports/{reportId}',
    action: 'reports.submit',
    summary: 'A report\'s status (the resident\'s view); in full to staff whose scope covers it',
    responses: { 200: { description: '{id, category, status, history, …}', schema: z.union([REPORT_JSON, REPORT_PUBLIC_JSON]) }, 404: 'no such report' },
  },
  postApiReportsByReportIdTriage: {
    method: 'POST',
    path: '/api/reports/{reportId}/triage',
    action: 'reports.triage',
    body: 'reportTriage',
    summary: 'Accept, reject, mark a duplicate of another, or assign the grid worker; accepting tells household, building, grid, community and street at once',
    responses: { 200: { description: 'the report', schema: REPORT_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such report', 409: 'not in a state that allows it', 503: 'the journal cannot record it now' },
  },
  postApiReportsByReportIdRectify: {
    method: 'POST',
    path: '/api/reports/{reportId}/rectify',
    action: 'reports.rectify',
    rawBody: 'multipart/form-data',
    summary: 'The hazard put right: multipart with the after "photo" and a "note"',
    responses: { 200: { description: 'the report', schema: REPORT_JSON }, 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such report', 409: 'not accepted or assigned', 413: 'over 5 MB', 415: 'not an image' },
  },
  getApiReportsByReportIdPhotoByWhich: {
    method: 'GET',
    path: '/api/reports/{reportId}/photo/{which}',
    action: 'reports.read',
    summary: 'The report\'s photo, "before" or "after"',
    responses: { 200: { description: 'the image', media: ['image/*'] }, 401: 'not logged in', 403: 'outside the scope', 404: 'no such report or photo' },
  },
  // ---- device sources (CONTRACT "Device sources"): a platform signs its push, no login ----
  getApiSources: {
    method: 'GET',
    path: '/api/sources',
    action: 'sources.read',
    summary: 'The device sources of SOURCES (network servers, IoT platforms): state, devices, messages taken, refusals by reason, the last of each, identities heard that no device has, commands waiting for a platform',
    responses: { 200: { description: 'the sources', schema: z.array(SOURCE_JSON) }, 401: 'not logged in', 403: 'not an administrator', 503: 'this process does not own the live twin' },
  },
  getApiSourcesOnenetBySourceId: {
    method: 'GET',
    path: '/api/sources/onenet/{sourceId}',
    action: 'public',
    summary: 'OneNET\'s URL verification: ?msg=&nonce=&signature= (Base64(MD5(token + nonce + msg))) answered with msg',
    responses: { 200: { description: 'msg, as text', media: ['text/plain'] }, 401: 'the signature is not this source\'s token\'s', 404: 'no such OneNET source' },
  },
  postApiSourcesOnenetBySourceId: {
    method: 'POST',
    path: '/api/sources/onenet/{sourceId}',
    action: 'public',
    rawBody: 'application/json',
    summary: 'OneNET\'s data push (plaintext mode): {msg, msg_signature, nonce}; msg one message or an array (data points, online/offline, command results)',
    responses: PUSH_ANSWERS,
  },
  postApiSourcesCtwingBySourceId: {
    method: 'POST',
    path: '/api/sources/ctwing/{sourceId}',
    action: 'public',
    rawBody: 'application/json',
    summary: 'CTWing\'s subscription push (dataReport, eventReport, deviceOnlineOfflineReport, commandResponse); the URL given to CTWing carries ?token=<the source\'s secret>',
    responses: PUSH_ANSWERS,
  },
  postApiSourcesWebhookBySourceId: {
    method: 'POST',
    path: '/api/sources/webhook/{sourceId}',
    action: 'public',
    rawBody: 'application/json',
    summary: 'A vendor platform\'s webhook: X-Signature: sha256=<HMAC-SHA256 of the body>; a message or {messages}; the answer lists the commands waiting for its devices',
    responses: PUSH_ANSWERS,
  },
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof ROUTES;
