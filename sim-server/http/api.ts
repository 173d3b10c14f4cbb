// The contract's HTTP API as a route table (router.ts): each route its method, path, token, body schema
// and a thin handler — parse, call the pipeline, answer JSON. GET /api/openapi.json is generated from it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { contactsFor, deviceCourtyard } from '../../twin-assets/districtIndex';
import { districtToGeoJson } from '../../twin-assets/geojson';
import { districtView, householdWithoutPersonalData, publicAlarm } from '../../twin-assets/personalData';
import { BUNDLED } from '../../twin-assets/loadDistrict';
import { PLANNED_TYPES, type PlannedType } from '../../twin-assets/placement';
import { ALARM_STATES, PROTOCOL_VERSION } from '../../twin-assets/protocol';
import { KPI_MAX_DAYS } from '../../twin-assets/routes';
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
import { sourceRoutes } from './sourceRoutes';
import type { DeviceSources } from '../sources/deviceSources';
import { openApiDocument, readBody, route, router, type Route, type RouteContext } from './router';
import type { People } from '../people/people';
import { actorOf, type Principal } from '../people/principal';
import type { Action } from '../../twin-assets/permissions';
import { reportRoutes } from './reportRoutes';
import { improvementRoutes } from './improvementRoutes';
import type { ImprovementPlan } from '../history/improvementPlan';
import type { PdfPrinter } from '../drill/printPdf';
import { peopleRoutes } from './peopleRoutes';
import { historyRoutes, timeParam } from './historyRoutes';
import type { History } from '../history/history';
import { kpisFromDb } from '../history/kpiQueries';

export interface ApiDeps {
  /** Tests: told of every JSON body that does not match the schema its route declares. */
  checkResponses?: (mismatch: string) => void;
  /** The live pipeline as it is now (with REDIS_URL it changes when the live stream moves to or from this process). */
  pipeline: () => LivePipeline;
  /** The live twin's device sources (SOURCES), null without them or while standing by. */
  sources: () => DeviceSources | null;
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
  /** The improvement plan's corrective actions and the teams' ratings. */
  improvement: ImprovementPlan;
  /** The AAR/IP's PDF: its page printed by Chromium. */
  printer: PdfPrinter;
  /** Where residents' report photos are kept. */
  photos: PhotoStore;
  /** With REDIS_URL: null while this process owns the live stream, else the owner's address ('' when nobody
   * holds it yet). The live routes are refused here then (503), so a reverse proxy tries the next process. */
  standby(): string | null;
}

/** The routes that need the live stream's owner: its alarms, devices, tasks, reports and their history. */
const LIVE_ROUTES = /^\/api\/(alarms|devices|tasks|reports|kpis|sources)(\/|$)/;

const refusalStatus = (code: RefusalCode) => (code === 'not_found' ? 404 : code === 'unrecorded' ? 503 : 409);
const notRecorded = (p: LivePipeline) => `done, but the journal could not record it (${p.journalFailing ?? 'disk refused the write'}); it is kept in memory and written once the disk has room`;
/** KPI windows: a year and a month at most (per10Min has one entry per 10 minutes). */

/** Notification recipients who are residents (personal data), by their role. */
const RESIDENT_RECIPIENT = /^(relative|building_head|resident)\b/;
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
    route('getApiHealth', { handler: ({ res }) => {
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
    route('getApiDistrict', { handler: ({ req, res, who }) => districtFor(who)(req, res) }),
    route('getApiDistrictGeojson', { handler: ({ req, res }) => sendGeoJson(req, res) }),
    route('getApiDevicesByDeviceId', { handler: ({ res, params, who }) => {
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
    route('postApiDevicesByDeviceIdService', { handler: (ctx) => {
        const { params, body, who } = ctx;
        if (!allowedAt(ctx, 'devices.service', devicePlace(params.deviceId!), params.deviceId!)) return;
        return answerAction(ctx, 'devices.service', params.deviceId!, p().desks.setOutOfService(params.deviceId!, !body.inService, actorOf(who), body.reason), { inService: body.inService, reason: body.reason });
      } }),
    route('postApiDevicesByDeviceIdCmd', { handler: async (ctx) => {
        const { res, params, body, who } = ctx;
        if (!allowedAt(ctx, 'devices.command', devicePlace(params.deviceId!), params.deviceId!)) return;
        const sent = p().desks.sendCommand(params.deviceId!, body.cmd, actorOf(who));
        await ctx.audit({ action: 'devices.command', target: params.deviceId!, outcome: sent.ok ? 'ok' : 'refused', detail: { cmd: body.cmd } });
        if (!sent.ok) sendError(res, 404, sent.message); else sendJson(res, 202, sent);
      } }),
    route('getApiAlarms', { handler: ({ res, url, who }) => {
        const state = url.searchParams.get('state');
        if (state !== null && !(ALARM_STATES as readonly string[]).includes(state)) return sendError(res, 400, `unknown state "${state}"; one of ${ALARM_STATES.join(', ')}`);
        const { core } = p();
        const access = deps.people.access;
        const all = state === null ? core.openAlarms() : core.alarms.list().filter((a) => a.state === state);
        const alarms = !access.anywhere(who, 'alarms.read') ? all.map(publicAlarm) : access.scoped(who, 'alarms.read') ? all.filter((a) => access.at(who, 'alarms.read', a.location)) : all;
        sendJson(res, 200, alarms.sort((a, b) => a.raisedAt - b.raisedAt));
      } }),
    route('getApiAlarmsByAlarmId', { handler: (ctx) => {
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
    route('postApiAlarmsByAlarmIdAck', { onUnauthorized: () => deps.metrics.acks.inc({ outcome: 'unauthorized' }), handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.ack', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.ack', id, p().desks.acknowledge(id, actorOf(ctx.who)));
      } }),
    route('postApiAlarmsByAlarmIdShelve', { handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.shelve', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.shelve', id, p().desks.shelve(id, actorOf(ctx.who), ctx.body.minutes, ctx.body.reason), { minutes: ctx.body.minutes, reason: ctx.body.reason });
      } }),
    route('postApiAlarmsByAlarmIdUnshelve', { handler: (ctx) => {
        const id = ctx.params.alarmId!;
        if (!allowedAt(ctx, 'alarms.shelve', alarmPlace(id), id)) return;
        return answerAction(ctx, 'alarms.shelve', id, p().desks.unshelve(id, actorOf(ctx.who)), { unshelve: true });
      } }),
    route('postApiTasksByTaskId', { handler: (ctx) => {
        const id = ctx.params.taskId!;
        const task = p().core.dispatch.get(id);
        if (task && !allowedAt(ctx, 'tasks.update', alarmPlace(task.alarmId), id)) return;
        return answerAction(ctx, 'tasks.update', id, p().desks.updateTask(id, ctx.body.state, actorOf(ctx.who)), { state: ctx.body.state });
      } }),
    route('getApiScenarios', { handler: async ({ res }) => sendJson(res, 200, await deps.library.list()) }),
    route('postApiScenariosValidate', { handler: async ({ req, res }) => {
        // Parsing YAML from anyone runs in a worker, with depth, alias, memory and time limits.
        const checked = await scenarioOffLoop(req, res, (text) => ({ kind: 'validate', text, districtFile: deps.districtFile }));
        if (!checked) return;
        const { parsed, warnings, reachability } = checked.result;
        sendJson(res, 200, parsed.ok ? { ok: true, errors: [], warnings, reachability, id: parsed.scenario.id, scenario: parsed.scenario } : { ok: false, errors: parsed.errors, warnings: [] });
      } }),
    route('postApiScenariosTry', { handler: async ({ req, res, url }) => {
        const seed = Number(url.searchParams.get('seed') ?? 1);
        const run = await scenarioOffLoop(req, res, (text) => ({ kind: 'try', text, districtFile: deps.districtFile, seed: Number.isInteger(seed) ? seed : 1 }), 60_000);
        if (!run) return;
        const tried = run.result;
        if (!tried.parsed.ok) return sendScenarioErrors(res, tried.parsed.errors);
        sendJson(res, 200, { ok: true, outcome: tried.outcome, simulatedS: tried.simulatedS, report: tried.report });
      } }),
    route('getApiScenariosByScenarioId', { handler: async ({ res, params }) => {
        const found = await deps.library.get(params.scenarioId!);
        if (!found) return sendError(res, 404, noScenario(params.scenarioId!));
        sendJson(res, 200, found);
      } }),
    route('getApiScenariosByScenarioIdVersions', { handler: async ({ res, params }) => {
        const versions = await deps.library.versions(params.scenarioId!);
        if (!versions) return sendError(res, 404, noScenario(params.scenarioId!));
        sendJson(res, 200, versions);
      } }),
    route('putApiScenariosByScenarioId', { handler: async ({ req, res, params, audit }) => {
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
    route('postApiDrills', { handler: async ({ res, body, who, audit }) => {
        const created = await deps.drills.create(body.scenarioId, body.seed, actorOf(who), body.team);
        await audit({ action: 'drills.run', target: created.ok ? created.drillId : body.scenarioId, outcome: created.ok ? 'ok' : 'refused', detail: { create: body.scenarioId, seed: body.seed ?? 1 } });
        if (!created.ok) sendError(res, created.status, created.error);
        else sendJson(res, 201, { drillId: created.drillId, roomId: created.roomId, code: created.code });
      } }),
    route('getApiDrills', { handler: ({ res, who }) => {
        const runs = deps.people.access.anywhere(who, 'drills.run');
        sendJson(res, 200, deps.drills.list().map((d) => ({ ...d, ...(runs && d.roomId ? { code: deps.drills.code(d.drillId)?.replace(/^(.{4})/, '$1-') } : {}) })));
      } }),
    route('getApiDrillsByDrillIdReport', { handler: async ({ req, res, url, params, who }) => {
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
    route('getApiPlannerByType', { handler: async ({ res, params }) => {
        const type = plannedType(res, params.type!);
        if (!type) return;
        const result = await offLoop(res, { kind: 'placementTable', districtFile: deps.districtFile, type }, 60_000, deps.planner);
        // The patch the planner exports names the file it was made on: beside it, DISTRICT=<patch> loads both.
        if (result) sendJson(res, 200, { ...result.table, baseFile: deps.districtFile === BUNDLED_FILE ? 'bundled' : basename(deps.districtFile) });
      } }),
    route('postApiPlannerByTypeOptimise', { handler: async ({ res, body, params }) => {
        const type = plannedType(res, params.type!);
        if (!type) return;
        const result = await offLoop(res, { kind: 'placementPlan', districtFile: deps.districtFile, type, options: { objective: body.objective, budget: body.budget, ...(body.fixed ? { fixed: body.fixed } : {}), timeLimitS: body.timeLimitS ?? 30 } }, 150_000, deps.planner);
        if (!result) return;
        if (result.kind === 'limit') { deps.metrics.httpRefused.inc({ reason: result.refusal ?? 'unknown_reference' }); return sendError(res, 422, result.reason); }
        const { result: r, fixed } = result;
        sendJson(res, 200, { ...r, fixed });
      } }),
    ...reportRoutes({ pipeline: p, metrics: deps.metrics, photos: deps.photos, offLoop: (res, task) => offLoop(res, task, undefined, deps.uploads), allowedAt }),
    route('getApiKpisAlarms', { handler: async ({ res, url, who }) => {
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
    route('getApiOpenapiJson', { handler: ({ req, res }) => sendOpenApi(req, res) }),
    route('getMetrics', { handler: async ({ res }) => {
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
        res.end(await deps.metrics.registry.metrics());
      } }),
  ];
  routes.push(...peopleRoutes({ people: deps.people, metrics: deps.metrics, index, sql: deps.history.sql }));
  routes.push(...sourceRoutes({ sources: deps.sources }));
  routes.push(...historyRoutes({ history: deps.history, people: deps.people, index, now: () => p().now() }));
  routes.push(...improvementRoutes({ plan: deps.improvement, drills: deps.drills, people: deps.people, library: deps.library, printer: deps.printer, metrics: deps.metrics,
    feed: () => deps.history.drills?.scan() ?? Promise.resolve(), offLoop, lang: readerLang }));
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
export function readerLang(asked: string | null, accept: string | undefined): 'zh' | 'en' {
  if (asked === 'zh' || asked === 'en') return asked;
  // "*" (what a program's fetch sends) asks for nothing in particular: Chinese.
  return accept && accept.trim() !== '*' && !/(^|,)\s*zh\b/i.test(accept) ? 'en' : 'zh';
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
