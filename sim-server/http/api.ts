// The contract's HTTP API as a route table (router.ts): each route its method, path, token, body schema
// and a thin handler — parse, call the pipeline, answer JSON. GET /api/openapi.json is generated from it.
import { z } from 'zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { contactsFor, deviceCourtyard } from '../../twin-assets/districtIndex';
import { districtToGeoJson } from '../../twin-assets/geojson';
import { districtView, householdWithoutPersonalData, publicAlarm } from '../../twin-assets/personalData';
import { BUNDLED } from '../../twin-assets/loadDistrict';
import { PLANNED_TYPES, type PlannedType } from '../../twin-assets/placement';
import { KPIS_JSON } from '../../twin-assets/kpis';
import { ALARM_DETAIL_JSON, ALARM_JSON, ALARM_STATES, DRILL_CREATED_JSON, DRILL_LISTING_JSON, PROTOCOL_VERSION, SCENARIO_ENTRY_JSON, SCENARIO_FILE_JSON, SCENARIO_VERSION_JSON, TASK_JSON } from '../../twin-assets/protocol';
import type { ActionOutcome, LiveDesks, RefusalCode } from '../liveDesks';
import type { LivePipeline } from '../livePipeline';
import type { Metrics } from '../metrics';
import { deviceThresholds } from '../../twin-assets/rulesSchema';
import { errorText, type ScenarioError } from '../../scenarios/parse';
import { normalCode, type Drills } from '../drill/drills';
import { noScenario, type ScenarioLibrary } from '../scenarioLibrary';
import type { PhotoStore } from '../reports/photoStore';
import { PoolRefusal, type UntrustedPool } from '../workers/pool';
import type { ResultOf, UntrustedTask } from '../workers/untrustedTasks';
import { sendError, sendJson } from './respond';
import { openApiDocument, readBody, route, router, type Route, type RouteContext } from './router';
import type { People } from '../people/people';
import { actorOf, type Principal } from '../people/principal';
import type { Action } from '../../twin-assets/permissions';
import { reportRoutes } from './reportRoutes';
import { peopleRoutes } from './peopleRoutes';
import { historyRoutes, timeParam } from './historyRoutes';
import type { History } from '../history/history';
import { kpisFromDb } from '../history/kpiQueries';

export interface ApiDeps {
  /** Tests: told of every JSON body that does not match the schema its route declares. */
  checkResponses?: (mismatch: string) => void;
  /** The live pipeline as it is now (with REDIS_URL it changes when the live stream moves to or from this process). */
  pipeline: () => LivePipeline;
  metrics: Metrics;
  /** Who is asking, the permission table, and the audit log. */
  people: People;
  drills: Drills;
  /** Built-in and saved scenarios. */
  library: ScenarioLibrary;
  mqttConnected(): boolean;
  /** The district as loaded (served as is, so GIS and clients see the same data). */
  districtJson: string;
  /** Alarms, records and readings in the database: the history routes, the KPIs, and whether the start is done. */
  history: History;
  /** Worker threads for untrusted or heavy work (scenario files, reports). */
  untrusted: UntrustedPool;
  /** Residents' photo uploads have workers of their own: no flood of reads can keep a resident's report out. */
  uploads: UntrustedPool;
  /** The district's file: scenarios are checked against its ids. */
  districtFile: string;
  /** A worker of its own for the planner: a minute of HiGHS must not hold up a scenario check. */
  planner: UntrustedPool;
  /** Where residents' report photos are kept. */
  photos: PhotoStore;
  /** With REDIS_URL: null while this process owns the live stream, else the owner's address ('' when nobody
   * holds it yet). The live routes are refused here then (503), so a reverse proxy tries the next process. */
  standby(): string | null;
}

/** The routes that need the live stream's owner: its alarms, devices, tasks, reports and their history. */
const LIVE_ROUTES = /^\/api\/(alarms|devices|tasks|reports|kpis)(\/|$)/;

const refusalStatus = (code: RefusalCode) => (code === 'not_found' ? 404 : code === 'unrecorded' ? 503 : 409);
const notRecorded = (p: LivePipeline) => `done, but the journal could not record it (${p.journalFailing ?? 'disk refused the write'}); it is kept in memory and written once the disk has room`;
/** KPI windows: a year and a month at most (per10Min has one entry per 10 minutes). */
const KPI_MAX_DAYS = 400;

/** Notification recipients who are residents (personal data), by their role. */
const RESIDENT_RECIPIENT = /^(relative|building_head|resident)\b/;
/** What /api/health answers: starting (history catching up, drills resuming), or the live stream's owner or a
 * standby with its parts. */
const HEALTH = z.object({
  status: z.enum(['ok', 'degraded', 'starting']), uptimeSeconds: z.number().int().min(0), database: z.string(),
  history: z.string().optional(), drills: z.string().optional(), live: z.enum(['owner', 'standby']).optional(), liveOwner: z.string().nullable().optional(),
  mqtt: z.enum(['connected', 'disconnected']).optional(), journal: z.string().optional(), district: z.string().optional(),
  devices: z.number().int().optional(), openAlarms: z.number().int().optional(),
}).strict();

const ACTED = { 200: { description: 'done: the alarm as it is now', schema: z.union([ALARM_JSON, z.object({ ok: z.literal(true) }).strict()]) }, 400: 'a malformed body', 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such alarm or device', 409: 'not in a state that allows it', 503: 'the journal or the database cannot record it now (named)' };
/** KPI answers are kept this long per window and scope: a crowd asking the same page costs one query. */
const KPI_CACHE_MS = 30_000;

/** A large JSON document prepared once, sent gzipped to clients that accept it. */
function prepared(text: string, type: string) {
  const body = Buffer.from(text);
  const gzipped = gzipSync(body);
  return (req: IncomingMessage, res: ServerResponse) => {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip', 'content-length': gzipped.length } : { 'content-length': body.length }) });
    res.end(gzip ? gzipped : body);
  };
}

export function apiHandler(deps: ApiDeps) {
  const index = deps.pipeline().index;
  const refuseUntrusted = (status: number) => deps.metrics.httpRefused.inc({ reason: status === 503 ? 'busy' : status === 413 ? 'too_large' : 'too_heavy' });
  /** Runs untrusted or heavy work in the worker pool; answers 503 (busy) or 422 (too heavy) itself and returns null then. */
  const offLoop = async <T extends UntrustedTask>(res: ServerResponse, task: T, timeoutMs?: number, pool = deps.untrusted): Promise<ResultOf<T> | null> => {
    try {
      return await pool.run(task, timeoutMs);
    } catch (e) {
      const status = e instanceof PoolRefusal && e.code === 'busy' ? 503 : 422;
      refuseUntrusted(status);
      sendError(res, status, (e as Error).message);
      return null;
    }
  };
  /** A scenario file from the body (≤ 256 KiB), taken off the loop by a worker task; answers 413/422/503
   * itself (a file too heavy to parse is counted) and returns null then. */
  const scenarioOffLoop = async <T extends UntrustedTask>(req: IncomingMessage, res: ServerResponse, task: (text: string) => T, timeoutMs?: number): Promise<{ text: string; result: Exclude<ResultOf<T>, { kind: 'limit' }> } | null> => {
    const body = await readBody(req, 256 * 1024, 'a scenario file is at most 256 KiB');
    if (!body.ok) { refuseUntrusted(body.status); sendError(res, body.status, body.error); return null; }
    const result = await offLoop(res, task(body.text), timeoutMs);
    if (!result) return null;
    if (result.kind === 'limit') { refuseUntrusted(422); sendError(res, 422, result.reason); return null; }
    // The kind was checked just above; TypeScript does not narrow a generic union by it.
    return { text: body.text, result: result as Exclude<ResultOf<T>, { kind: 'limit' }> };
  };
  const sendScenarioErrors = (res: ServerResponse, errors: ScenarioError[]) => sendJson(res, 422, { error: `the scenario has ${errors.length} error(s): ${errorText(errors[0]!)}`, errors });
  const sendDistrict = prepared(deps.districtJson, 'application/json; charset=utf-8');
  const sendGeoJson = prepared(JSON.stringify(districtToGeoJson(index.district)), 'application/geo+json; charset=utf-8');
  /** The caller's grant for the action covers this place, else a 403 (counted and audited) and false. */
  const allowedAt = (ctx: RouteContext<never>, action: Action, place: { courtyardId: string | null | undefined } | null, target: string): boolean => {
    if (deps.people.access.at(ctx.who, action, place)) return true;
    deps.metrics.authRefused.inc({ reason: 'forbidden', surface: 'http' });
    void ctx.audit({ action, target, outcome: 'refused', detail: { reason: 'outside the scope' } });
    sendError(ctx.res, 403, `${ctx.who.kind === 'anonymous' ? 'nobody' : ctx.who.name} may not do this here: it is outside their community or courtyards`);
    return false;
  };
  /** An action on the pipeline, answered once its record is on disk (503 if the disk refuses it), and audited. */
  const answerAction = async (ctx: RouteContext<never>, action: Action, target: string, outcome: ActionOutcome | ReturnType<LiveDesks['updateTask']>, detail?: Record<string, unknown>) => {
    if (!outcome.ok) {
      void ctx.audit({ action, target, outcome: 'refused', detail: { ...detail, reason: outcome.message } });
      return sendError(ctx.res, refusalStatus(outcome.code), outcome.message);
    }
    const recorded = await outcome.recorded;
    await ctx.audit({ action, target, outcome: recorded ? 'ok' : 'failed', ...(detail ? { detail } : {}) });
    if (!recorded) return sendError(ctx.res, 503, notRecorded(deps.pipeline()));
    sendJson(ctx.res, 200, 'task' in outcome ? outcome.task : outcome.alarm ?? { ok: true });
  };
  const p = deps.pipeline;
  const alarmPlace = (id: string) => p().core.alarms.stored(id)?.alarm.location ?? null;
  const devicePlace = (id: string) => { const d = index.devices.get(id); return d ? { courtyardId: deviceCourtyard(index, d) } : null; };
  /** The district as this caller may see it: residents' data only where `residents.read` reaches. */
  const districtCache = new Map<string, ReturnType<typeof prepared>>();
  const districtFor = (who: Principal) => {
    const access = deps.people.access;
    const staff = who.kind !== 'anonymous';
    const key = !staff ? 'public' : !access.anywhere(who, 'residents.read') ? 'staff' : access.scoped(who, 'residents.read') ? `scope:${JSON.stringify(who.scope)}` : 'all';
    if (key === 'all') return sendDistrict;
    let send = districtCache.get(key);
    if (!send) {
      const residents = (courtyardId: string | null) => access.at(who, 'residents.read', { courtyardId });
      send = prepared(JSON.stringify(districtView(index.district, { residents, staff })), 'application/json; charset=utf-8');
      if (districtCache.size > 200) districtCache.clear();
      districtCache.set(key, send);
    }
    return send;
  };
  const kpiCache = new Map<string, { at: number; body: unknown }>();

  const routes: Route[] = [
    route({ method: 'GET', path: '/api/health', action: 'public', summary: 'Whether the twin is up: MQTT, journal, database, district. 503 {"status":"starting"} until the history has caught up with the journal and the drills are back', responses: { 200: { description: 'ok', schema: HEALTH }, 503: { description: 'starting, or a part is down (named)', schema: HEALTH } },
      handler: ({ res }) => {
        const database = deps.history.failing ? `failing: ${deps.history.failing}` : 'ok';
        if (!deps.history.ready || !deps.drills.ready) {
          return sendJson(res, 503, { status: 'starting', history: deps.history.ready ? 'ready' : 'catching up with the journal', drills: deps.drills.ready ? 'ready' : 'resuming', database, uptimeSeconds: Math.round(process.uptime()) });
        }
        const mqtt = deps.mqttConnected() ? 'connected' : 'disconnected';
        const live = p();
        const failing = live.journalFailing;
        const journal = failing ? `failing: ${failing} (${live.journalFile})` : 'ok';
        const owner = deps.standby();
        // A standby is healthy without a live link of its own: it serves drills and takes over when the owner dies.
        if (owner !== null) return sendJson(res, database === 'ok' ? 200 : 503, { status: database === 'ok' ? 'ok' : 'degraded', live: 'standby', liveOwner: owner || null, database, district: index.district.id, uptimeSeconds: Math.round(process.uptime()) });
        const ok = mqtt === 'connected' && journal === 'ok' && database === 'ok';
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', live: 'owner', mqtt, journal, database, district: index.district.id, devices: index.devices.size, openAlarms: live.core.openAlarms().length, uptimeSeconds: Math.round(process.uptime()) });
      } }),
    route({ method: 'GET', path: '/api/district', action: 'district.read', summary: 'The loaded district; residents\' names, ages, vulnerability and phones (and building heads\') only to staff whose role and scope allow it', responses: { 200: 'the district JSON' },
      handler: ({ req, res, who }) => districtFor(who)(req, res) }),
    route({ method: 'GET', path: '/api/district.geojson', action: 'district.read', summary: 'The district as GeoJSON', responses: { 200: 'a FeatureCollection' }, handler: ({ req, res }) => sendGeoJson(req, res) }),
    route({ method: 'GET', path: '/api/devices/{deviceId}', action: 'district.read', summary: 'A device: its state (lastHeard survives restarts), series and thresholds; its alarms, commands and service note to staff whose scope covers it; contacts and household to those who may see residents there', responses: { 200: 'the device', 404: 'no such device' },
      handler: ({ res, params, who }) => {
        const id = params.deviceId!;
        const device = index.devices.get(id);
        if (!device) return sendError(res, 404, `no device "${id}" in district "${index.district.id}"`);
        const live = p();
        const core = live.core;
        const place = devicePlace(id);
        const staff = deps.people.access.at(who, 'devices.read', place);
        const personal = deps.people.access.at(who, 'residents.read', place);
        const household = device.householdId ? index.households.get(device.householdId) ?? null : null;
        sendJson(res, 200, {
          device, state: core.devices.get(id), display: core.displayOf(id), series: core.devices.seriesOf(id), personalData: personal,
          contacts: personal ? contactsFor(index, device) : [],
          household: household && (personal ? household : householdWithoutPersonalData(household)),
          alarms: staff ? core.alarms.historyOf(id) : [], commands: staff ? core.commands.of(id) : [], outOfService: core.alarms.isOutOfService(id),
          service: staff ? live.desks.serviceNotes.get(id) ?? null : null, thresholds: deviceThresholds(live.rules, device.type),
        });
      } }),
    route({ method: 'POST', path: '/api/devices/{deviceId}/service', action: 'devices.service', body: 'service', summary: 'Take a device out of service (with a reason, journaled) or put it back', responses: ACTED,
      handler: (ctx) => {
        const { params, body, who } = ctx;
        if (!allowedAt(ctx, 'devices.service', devicePlace(params.deviceId!), params.deviceId!)) return;
        return answerAction(ctx, 'devices.service', params.deviceId!, p().desks.setOutOfService(params.deviceId!, !body.inService, actorOf(who), body.reason), { inService: body.inService, reason: body.reason });
      } }),
    route({ method: 'POST', path: '/api/devices/{deviceId}/cmd', action: 'devices.command', body: 'command', summary: 'Send a command to a device; its answer comes back on MQTT', responses: { 202: 'sent: {reqId}', 400: 'a malformed body', 401: 'not logged in', 403: 'the role or its scope does not allow it', 404: 'no such device' },
      handler: async (ctx) => {
        const { res, params, body, who } = ctx;
        if (!allowedAt(ctx, 'devices.command', devicePlace(params.deviceId!), params.deviceId!)) return;
        const sent = p().desks.sendCommand(params.deviceId!, body.cmd, actorOf(who));
        await ctx.audit({ action: 'devices.command', target: params.deviceId!, outcome: sent.ok ? 'ok' : 'refused', detail: { cmd: body.cmd } });
        if (!sent.ok) sendError(res, 404, sent.message); else sendJson(res, 202, sent);
      } }),
    route({ method: 'GET', path: '/api/alarms', action: 'alarms.feed', summary: 'The live alarms; ?state= filters. Without a session no names (ackedBy is null); community and grid staff see their own', responses: { 200: { description: 'alarm JSON, oldest first', schema: z.array(ALARM_JSON) }, 400: 'an unknown state' },
      handler: ({ res, url, who }) => {
        const state = url.searchParams.get('state');
        if (state !== null && !(ALARM_STATES as readonly string[]).includes(state)) return sendError(res, 400, `unknown state "${state}"; one of ${ALARM_STATES.join(', ')}`);
        const { core } = p();
        const access = deps.people.access;
        const all = state === null ? core.openAlarms() : core.alarms.list().filter((a) => a.state === state);
        const alarms = !access.anywhere(who, 'alarms.read') ? all.map(publicAlarm) : access.scoped(who, 'alarms.read') ? all.filter((a) => access.at(who, 'alarms.read', a.location)) : all;
        sendJson(res, 200, alarms.sort((a, b) => a.raisedAt - b.raisedAt));
      } }),
    route({ method: 'GET', path: '/api/alarms/{alarmId}', action: 'alarms.read', summary: 'An alarm with its transitions, escalations, notifications and dispatch tasks (who was notified by name and phone only to those who may see residents there)', responses: { 200: { description: 'the alarm', schema: ALARM_DETAIL_JSON }, 401: 'not logged in', 403: 'outside the scope', 404: 'no such alarm (closed ones are kept for a while)' },
      handler: (ctx) => {
        const { res, params, who } = ctx;
        const live = p();
        const stored = live.core.alarms.stored(params.alarmId!);
        if (!stored) return sendError(res, 404, `no alarm "${params.alarmId}" (closed alarms are kept for a while, then only in the journal)`);
        if (!allowedAt(ctx, 'alarms.read', stored.alarm.location, stored.alarm.id)) return;
        const personal = deps.people.access.at(who, 'residents.read', stored.alarm.location);
        // Relatives and building heads are residents: their names and phones only to those who may see residents there.
        const notifications = live.announcer.inApp.of(stored.alarm.id).map((n) => (personal || !RESIDENT_RECIPIENT.test(n.recipient.role) ? n : { ...n, recipient: { ...n.recipient, name: '', address: '' } }));
        sendJson(res, 200, { ...stored.alarm, transitions: stored.history, factors: stored.factors, escalations: stored.escalations, escalateAt: stored.escalateAt,
          notifications, tasks: live.core.dispatch.tasksOf(stored.alarm.id), onSite: live.core.dispatch.onSite(stored.alarm, live.now()) });
      } }),
    route({ method: 'POST', path: '/api/alarms/{alarmId}/ack', action: 'alarms.ack', body: 'alarmAction', summary: 'Acknowledge an alarm, as the person logged in', responses: ACTED, onUnauthorized: () => deps.metrics.acks.inc({ outcome: 'unauthorized' }),
      handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.ack', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.ack', id, p().desks.acknowledge(id, actorOf(ctx.who)));
      } }),
    route({ method: 'POST', path: '/api/alarms/{alarmId}/shelve', action: 'alarms.shelve', body: 'shelve', summary: 'Shelve an alarm for some minutes, with a reason', responses: ACTED,
      handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.shelve', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.shelve', id, p().desks.shelve(id, actorOf(ctx.who), ctx.body.minutes, ctx.body.reason), { minutes: ctx.body.minutes, reason: ctx.body.reason });
      } }),
    route({ method: 'POST', path: '/api/alarms/{alarmId}/unshelve', action: 'alarms.shelve', body: 'alarmAction', summary: 'Bring a shelved alarm back', responses: ACTED,
      handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.shelve', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.shelve', id, p().desks.unshelve(id, actorOf(ctx.who)), { unshelve: true });
      } }),
    route({ method: 'POST', path: '/api/tasks/{taskId}', action: 'tasks.update', body: 'task', summary: 'Move a dispatch task on (en route, on site, done, cancelled)', responses: { ...ACTED, 200: { description: 'the task as it is now', schema: TASK_JSON } },
      handler: (ctx) => {
        const id = ctx.params.taskId!;
        const task = p().core.dispatch.get(id);
        if (task && !allowedAt(ctx, 'tasks.update', alarmPlace(task.alarmId), id)) return;
        return answerAction(ctx, 'tasks.update', id, p().desks.updateTask(id, ctx.body.state, actorOf(ctx.who)), { state: ctx.body.state });
      } }),
    route({ method: 'GET', path: '/api/scenarios', action: 'scenarios.read', summary: 'The scenario library: the built-in templates, then the saved scenarios (latest versions)', responses: { 200: { description: 'id, title, district, briefing, roles, hazards, failAfterS, builtin, version', schema: z.array(SCENARIO_ENTRY_JSON) } },
      handler: async ({ res }) => sendJson(res, 200, await deps.library.list()) }),
    route({ method: 'POST', path: '/api/scenarios/validate', action: 'scenarios.write', rawBody: 'application/yaml', summary: 'Check a scenario file (YAML or JSON, ≤ 256 KiB) as scenario:check does, in a worker', responses: { 200: '{ok, errors: [{path, line, column, message}], warnings (what no drill can reach), reachability (each objective, the resolution and each inject, with the shortest way there), scenario}', 413: 'over 256 KiB', 422: 'too heavy to parse (depth, aliases, time)', 503: 'the workers are busy' },
      handler: async ({ req, res }) => {
        // Parsing YAML from anyone runs in a worker, with depth, alias, memory and time limits.
        const checked = await scenarioOffLoop(req, res, (text) => ({ kind: 'validate', text, districtFile: deps.districtFile }));
        if (!checked) return;
        const { parsed, warnings, reachability } = checked.result;
        sendJson(res, 200, parsed.ok ? { ok: true, errors: [], warnings, reachability, id: parsed.scenario.id, scenario: parsed.scenario } : { ok: false, errors: parsed.errors, warnings: [] });
      } }),
    route({ method: 'POST', path: '/api/scenarios/try', action: 'scenarios.write', rawBody: 'application/yaml', summary: 'Run a draft scenario (YAML or JSON, ≤ 256 KiB) headless at full speed with scripted responders, in a worker: its report (timeline, alarms, KPIs, objectives, frames to step through)',
      responses: { 200: '{ok: true, outcome, simulatedS, report}', 401: 'not logged in', 403: 'not a trainer', 413: 'over 256 KiB', 422: '{error, errors: [{path, line, column, message}]}', 503: 'the workers are busy' },
      handler: async ({ req, res, url }) => {
        const seed = Number(url.searchParams.get('seed') ?? 1);
        const run = await scenarioOffLoop(req, res, (text) => ({ kind: 'try', text, districtFile: deps.districtFile, seed: Number.isInteger(seed) ? seed : 1 }), 60_000);
        if (!run) return;
        const tried = run.result;
        if (!tried.parsed.ok) return sendScenarioErrors(res, tried.parsed.errors);
        sendJson(res, 200, { ok: true, outcome: tried.outcome, simulatedS: tried.simulatedS, report: tried.report });
      } }),
    route({ method: 'GET', path: '/api/scenarios/{scenarioId}', action: 'scenarios.read', summary: 'A scenario file as last saved (a built-in as shipped, version 0)', responses: { 200: { description: '{id, version, yaml, builtin}', schema: SCENARIO_FILE_JSON }, 404: 'no such scenario' },
      handler: async ({ res, params }) => {
        const found = await deps.library.get(params.scenarioId!);
        if (!found) return sendError(res, 404, noScenario(params.scenarioId!));
        sendJson(res, 200, found);
      } }),
    route({ method: 'GET', path: '/api/scenarios/{scenarioId}/versions', action: 'scenarios.read', summary: 'The saved versions of a scenario, newest first', responses: { 200: { description: '[{version, savedAt, bytes}]', schema: z.array(SCENARIO_VERSION_JSON) }, 404: 'no such scenario' },
      handler: async ({ res, params }) => {
        const versions = await deps.library.versions(params.scenarioId!);
        if (!versions) return sendError(res, 404, noScenario(params.scenarioId!));
        sendJson(res, 200, versions);
      } }),
    route({ method: 'PUT', path: '/api/scenarios/{scenarioId}', action: 'scenarios.write', rawBody: 'application/yaml', summary: 'Save a scenario file (YAML or JSON, ≤ 256 KiB) as a new version, checked as scenario:check does, in a worker; "If-Match: <version>" refuses to overwrite a version saved since',
      responses: { 200: '{id, version}', 201: '{id, version}: the first version', 401: 'not logged in', 403: 'not a trainer', 409: 'a built-in (read-only), or saved since the If-Match version', 413: 'over 256 KiB', 422: '{error, errors: [{path, line, column, message}]}', 503: 'the workers are busy' },
      handler: async ({ req, res, params, audit }) => {
        const id = params.scenarioId!;
        // Refused before the file is read and parsed; the library refuses it too.
        const readOnly = deps.library.readOnly(id);
        if (readOnly) return sendError(res, 409, readOnly);
        const ifMatch = req.headers['if-match'];
        const expected = ifMatch === undefined ? null : Number(String(ifMatch).replace(/"/g, ''));
        if (expected !== null && !Number.isInteger(expected)) return sendError(res, 400, `If-Match is the version you started from (a whole number), not "${String(ifMatch).slice(0, 32)}"`);
        const checked = await scenarioOffLoop(req, res, (text) => ({ kind: 'validate', text, districtFile: deps.districtFile }));
        if (!checked) return;
        const { parsed } = checked.result;
        if (!parsed.ok) return sendScenarioErrors(res, parsed.errors);
        if (parsed.scenario.id !== id) return sendJson(res, 422, { error: `the file's id is "${parsed.scenario.id}", the address's "${id}": they must be the same`, errors: [{ path: 'id', line: null, column: null, message: `expected "${id}", the id it is saved under` }] });
        const saved = await deps.library.save(id, checked.text, parsed.scenario, expected);
        if (!saved.ok) return sendError(res, saved.status, saved.error);
        await audit({ action: 'scenarios.write', target: id, outcome: 'ok', detail: { version: saved.version } });
        sendJson(res, saved.created ? 201 : 200, { id, version: saved.version });
      } }),
    route({ method: 'POST', path: '/api/drills', action: 'drills.run', body: 'drill', summary: 'Create a drill from a scenario: its room, and the join code guests take part with', 
      responses: { 201: { description: '{drillId, roomId, code}', schema: DRILL_CREATED_JSON }, 400: 'a malformed body', 401: 'not logged in', 403: 'not a trainer', 404: 'no such scenario', 409: 'written for another district', 503: 'MAX_DRILLS held already' },
      handler: async ({ res, body, who, audit }) => {
        const created = await deps.drills.create(body.scenarioId, body.seed, actorOf(who));
        await audit({ action: 'drills.run', target: created.ok ? created.drillId : body.scenarioId, outcome: created.ok ? 'ok' : 'refused', detail: { create: body.scenarioId, seed: body.seed ?? 1 } });
        if (!created.ok) sendError(res, created.status, created.error);
        else sendJson(res, 201, { drillId: created.drillId, roomId: created.roomId, code: created.code });
      } }),
    route({ method: 'GET', path: '/api/drills', action: 'drills.list', summary: 'The drills held now (with status, simulated time and, for those who run drills, the guest join code), then past ones', responses: { 200: { description: 'the list', schema: z.array(DRILL_LISTING_JSON) } },
      handler: ({ res, who }) => {
        const runs = deps.people.access.anywhere(who, 'drills.run');
        sendJson(res, 200, deps.drills.list().map((d) => ({ ...d, ...(runs && d.roomId ? { code: deps.drills.code(d.drillId)?.replace(/^(.{4})/, '$1-') } : {}) })));
      } }),
    route({ method: 'GET', path: '/api/drills/{drillId}/report', action: 'public', summary: 'The after-action report, for trainers, evaluators and those who took part (a guest sends X-Drill-Code while the drill is held) (JSON; Accept: text/html or ?format=html for a page, in Chinese or, for a browser that asks for English or ?lang=en, English), built in a worker', responses: { 200: 'the report', 404: 'no such drill', 503: 'the workers are busy' },
      handler: async ({ req, res, url, params, who }) => {
        const id = params.drillId!;
        // Trainers and evaluators read any report; a person who took part reads theirs (the worker finds them in
        // its journal), and so does a guest with the drill's join code while the drill is still held here.
        const refuse = () => {
          deps.metrics.authRefused.inc({ reason: who.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', surface: 'http' });
          sendError(res, who.kind === 'anonymous' ? 401 : 403, 'a drill\'s report is for its trainer, evaluators and those who took part');
        };
        const code = req.headers['x-drill-code'];
        const guest = deps.drills.get(id) !== undefined && typeof code === 'string' && normalCode(code) === deps.drills.code(id);
        const forPerson = deps.people.access.anywhere(who, 'drills.report') || guest ? undefined : who.kind === 'person' ? who.id : null;
        if (forPerson === null) return refuse();
        const file = deps.drills.journalFile(id);
        const wantsHtml = url.searchParams.get('format') === 'html' || (url.searchParams.get('format') !== 'json' && /text\/html/.test(String(req.headers.accept ?? '')));
        // A report of a long drill is megabytes of text: built in a worker, never on the alarm path's loop.
        // The page speaks the reader's language: ?lang=zh|en, else what the browser asks for (Chinese first).
        const lang = readerLang(url.searchParams.get('lang'), req.headers['accept-language']);
        const result = file ? await offLoop(res, { kind: 'report', file, format: wantsHtml ? 'html' : 'json', lang, ...(forPerson ? { forPerson } : {}) }, 30_000) : { kind: 'report' as const, body: null, notTheirs: undefined };
        if (!result) return;
        const { body, notTheirs } = result;
        if (notTheirs) return refuse();
        if (body === null) return sendError(res, 404, `no drill "${id.slice(0, 64)}"`);
        res.writeHead(200, { 'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
        res.end(body);
      } }),
    route({ method: 'GET', path: '/api/planner/{type}', action: 'planner.use', summary: 'The impact table of this district for a device type (gas, smoke or water_level) for the planner: candidate places (named, placed by the siting rule), incidents from the hazard models with their undetected impact, and which candidate detects which incident how soon', responses: { 200: '{type, candidates, fixed, names, problem, seconds, where, useProbability, baseFile}', 401: 'not logged in', 403: 'not a planner', 404: 'no planner for that type', 503: 'the planner is busy' },
      handler: async ({ res, params }) => {
        const type = plannedType(res, params.type!);
        if (!type) return;
        const result = await offLoop(res, { kind: 'placementTable', districtFile: deps.districtFile, type }, 60_000, deps.planner);
        // The patch the planner exports names the file it was made on: beside it, DISTRICT=<patch> loads both.
        if (result) sendJson(res, 200, { ...result.table, baseFile: deps.districtFile === BUNDLED_FILE ? 'bundled' : basename(deps.districtFile) });
      } }),
    route({ method: 'POST', path: '/api/planner/{type}/optimise', action: 'planner.use', body: 'plan', summary: 'Where sensors of a type should go within a budget (the district\'s own kept): HiGHS, or lazy greedy with a bound, in a worker', responses: { 200: '{objective, value, bound, gapPct, solver, sensors, fixed, scenarios, gains}', 400: 'a malformed body', 401: 'not logged in', 403: 'not a planner', 404: 'no planner for that type', 422: '"fixed" names a place the table does not have', 503: 'the planner is busy' },
      handler: async ({ res, body, params }) => {
        const type = plannedType(res, params.type!);
        if (!type) return;
        const result = await offLoop(res, { kind: 'placementPlan', districtFile: deps.districtFile, type, options: { objective: body.objective, budget: body.budget, ...(body.fixed ? { fixed: body.fixed } : {}), timeLimitS: body.timeLimitS ?? 30 } }, 150_000, deps.planner);
        if (!result) return;
        if (result.kind === 'limit') { deps.metrics.httpRefused.inc({ reason: 'unknown_reference' }); return sendError(res, 422, result.reason); }
        const { result: r, fixed } = result;
        sendJson(res, 200, { ...r, fixed });
      } }),
    ...reportRoutes({ pipeline: p, metrics: deps.metrics, photos: deps.photos, offLoop: (res, task) => offLoop(res, task, undefined, deps.uploads), allowedAt }),
    route({ method: 'GET', path: '/api/kpis/alarms', action: 'kpis.read', summary: `Alarm-system health over a window (ISA-18.2, EEMUA 191): alarms per 10 minutes, share of time in flood, standing and stale alarms, chattering, top sources, time to acknowledge by level; ?from=&to= (ISO 8601 or epoch ms; default the last 24 h, at most ${KPI_MAX_DAYS} days), computed by the history database; the same window and scope asked again within 30 s is answered from the last run; community staff get their community's`,
      responses: { 200: { description: '{from, to, raised, per10Min, averagePer10Min, maxPer10Min, floodPct, standing, stale, chattering, topSources, ackTime, byLevel, targets, historyFrom}', schema: KPIS_JSON }, 400: 'a malformed or too long window', 503: 'the database cannot be read' },
      handler: async ({ res, url, who }) => {
        const now = p().now();
        const window = kpiWindow(url, now);
        if (typeof window === 'string') return sendError(res, 400, window);
        const scoped = deps.people.access.scoped(who, 'kpis.read');
        const courtyards = scoped ? [...index.courtyards.keys()].filter((id) => deps.people.access.at(who, 'kpis.read', { courtyardId: id })) : undefined;
        const key = `${window.from}|${window.to}|${courtyards?.join(',') ?? '*'}`;
        const cached = kpiCache.get(key);
        if (cached && now - cached.at < KPI_CACHE_MS) return sendJson(res, 200, cached.body);
        const filter = { ...window, ...(courtyards ? { courtyards } : {}) };
        const [kpis, earliest] = await Promise.all([kpisFromDb(deps.history.sql, filter), deps.history.sql.query<{ t: number | null }>('select min(raised_at) as t from alarms')]);
        const body = { ...kpis, historyFrom: earliest[0]?.t ?? null };
        if (kpiCache.size > 100) kpiCache.clear();
        kpiCache.set(key, { at: now, body });
        sendJson(res, 200, body);
      } }),
    route({ method: 'GET', path: '/api/openapi.json', action: 'public', summary: 'This document', responses: { 200: 'OpenAPI 3.1' }, handler: ({ req, res }) => sendOpenApi(req, res) }),
    route({ method: 'GET', path: '/metrics', action: 'metrics.read', summary: 'Prometheus text: messages in, rejected by reason, alarms by level, tick time, clients (a scraper sends a token: Authorization: Bearer <token>)', responses: { 200: 'text/plain', 401: 'no token', 403: 'not an operator' },
      handler: async ({ res }) => {
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
        res.end(await deps.metrics.registry.metrics());
      } }),
  ];
  routes.push(...peopleRoutes({ people: deps.people, metrics: deps.metrics, index, sql: deps.history.sql }));
  routes.push(...historyRoutes({ history: deps.history, people: deps.people, index, now: () => p().now() }));
  const sendOpenApi = prepared(JSON.stringify(openApiDocument(routes, {
    title: 'Street twin', version: `protocol ${PROTOCOL_VERSION}`,
    description: 'A city street\'s safety network and drill trainer. Log in with POST /api/session (a session cookie) or send a personal token (POST /api/tokens) as Authorization: Bearer; each route needs the permission-table action in x-permission. Errors are JSON {"error": "…"}; bodies are bounded (413); rooms are described in CONTRACT.md.',
  })), 'application/json; charset=utf-8');
  const handle = router(routes, deps.people, deps.metrics, deps.checkResponses);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const owner = deps.standby();
    if (owner === null || !LIVE_ROUTES.test(new URL(req.url ?? '/', 'http://x').pathname)) return handle(req, res);
    deps.metrics.httpRefused.inc({ reason: 'standby' });
    req.resume();
    res.setHeader('x-live-owner', owner);
    sendError(res, 503, owner ? `the live twin runs on ${owner} now; this process stands by (ask there, or through the reverse proxy)` : 'the live twin is being taken over by another process; try again in a few seconds');
    return true;
  };
}

/** The device type a planner route names, or null once a 404 has been sent. */
function plannedType(res: ServerResponse, s: string): PlannedType | null {
  if ((PLANNED_TYPES as readonly string[]).includes(s)) return s as PlannedType;
  sendError(res, 404, `the planner places ${PLANNED_TYPES.join(', ')}, not "${s.slice(0, 32)}"`);
  return null;
}

/** zh unless ?lang=en, or a browser whose languages do not include Chinese. */
function readerLang(asked: string | null, accept: string | undefined): 'zh' | 'en' {
  if (asked === 'zh' || asked === 'en') return asked;
  return accept && !/(^|,)\s*zh\b/i.test(accept) ? 'en' : 'zh';
}

/** ?from=&to= as ISO 8601 or epoch ms; the last 24 hours by default. A reason when it cannot be used. */
function kpiWindow(url: URL, now: number): { from: number; to: number } | string {
  const to = timeParam(url, 'to', now);
  const from = timeParam(url, 'from', to - 24 * 3600_000);
  if (Number.isNaN(to) || Number.isNaN(from)) return '"from" and "to" are times: ISO 8601 (2026-12-01T08:00:00+08:00) or epoch milliseconds';
  if (from >= to) return '"from" must come before "to"';
  if (to - from > KPI_MAX_DAYS * 86_400_000) return `a window of at most ${KPI_MAX_DAYS} days`;
  return { from, to };
}

const BUNDLED_FILE = fileURLToPath(BUNDLED.district);
