// The contract's HTTP API. Thin: parse, check the token, call the pipeline, answer JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { contactsFor } from '../../twin-assets/districtIndex';
import { districtToGeoJson } from '../../twin-assets/geojson';
import { districtWithoutPersonalData, householdWithoutPersonalData } from '../../twin-assets/personalData';
import type { z } from 'zod';
import { ALARM_STATES, BODY_SCHEMAS, BODY_SHAPES } from '../../twin-assets/protocol';
import type { LivePipeline, RefusalCode } from '../livePipeline';
import type { Metrics } from '../metrics';
import { tokenMatches } from '../tokens';
import { builtinScenarios } from '../../scenarios/builtin';
import type { Drills } from '../drill/drills';
import { PoolRefusal, type UntrustedPool } from '../workers/pool';
import type { UntrustedResult, UntrustedTask } from '../workers/untrustedTasks';
import { sendError, sendJson } from './respond';

export interface ApiDeps {
  pipeline: LivePipeline;
  metrics: Metrics;
  operatorToken: string;
  trainerToken: string;
  drills: Drills;
  mqttConnected(): boolean;
  /** The district as loaded (served as is, so GIS and clients see the same data). */
  districtJson: string;
  /** Worker threads for untrusted or heavy work (scenario files, reports). */
  untrusted: UntrustedPool;
  /** The district's file: scenarios are checked against its ids. */
  districtFile: string;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1]!.trim() : null;
}

const refusalStatus = (code: RefusalCode) => (code === 'not_found' ? 404 : code === 'unrecorded' ? 503 : 409);
const notRecorded = (p: LivePipeline) => `done, but the journal could not record it (${p.journalFailing ?? 'disk refused the write'}); it is kept in memory and written once the disk has room`;

const BY_HTTP = 'operator (HTTP)';

/** A small JSON body decoded by its schema in the protocol module; answers 400/413 itself and returns null then. */
async function bodyAs<K extends keyof typeof BODY_SCHEMAS>(req: IncomingMessage, res: ServerResponse, kind: K): Promise<z.infer<(typeof BODY_SCHEMAS)[K]> | null> {
  const body = await readJsonBody(req, 4096);
  if (!body.ok) { sendError(res, body.status, body.error); return null; }
  const parsed = BODY_SCHEMAS[kind].safeParse(body.value ?? {});
  if (!parsed.success) { sendError(res, 400, BODY_SHAPES[kind]); return null; }
  return parsed.data as z.infer<(typeof BODY_SCHEMAS)[K]>;
}

type BodyError = { ok: false; status: number; error: string };

/** The request body as text, refused past `limit` bytes (with `tooLarge` as the reason, when given). */
async function readBody(req: IncomingMessage, limit: number, tooLarge?: string): Promise<{ ok: true; text: string } | BodyError> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, error: tooLarge ?? `the request body is over ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/** An optional small JSON body: absent or empty is null. */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<{ ok: true; value: unknown } | BodyError> {
  const body = await readBody(req, limit);
  if (!body.ok) return body;
  const text = body.text.trim();
  if (!text) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, error: 'the request body is not valid JSON' };
  }
}

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
  const index = deps.pipeline.index;
  const refuseUntrusted = (status: number) => deps.metrics.httpRefused.inc({ reason: status === 503 ? 'busy' : status === 413 ? 'too_large' : 'too_heavy' });
  /** Runs untrusted or heavy work in the worker pool; answers 503 (busy) or 422 (too heavy) itself and returns null then. */
  const offLoop = async (res: ServerResponse, task: UntrustedTask, timeoutMs?: number): Promise<UntrustedResult | null> => {
    try {
      return await deps.untrusted.run(task, timeoutMs);
    } catch (e) {
      const status = e instanceof PoolRefusal && e.code === 'busy' ? 503 : 422;
      refuseUntrusted(status);
      sendError(res, status, (e as Error).message);
      return null;
    }
  };
  const sendDistrict = prepared(deps.districtJson, 'application/json; charset=utf-8');
  const sendPublicDistrict = prepared(JSON.stringify(districtWithoutPersonalData(index.district)), 'application/json; charset=utf-8');
  /** Residents' names and phones only for operators and trainers (CONTRACT.md). */
  const staff = (req: IncomingMessage) => { const t = bearer(req); return tokenMatches(t, deps.operatorToken) || tokenMatches(t, deps.trainerToken); };
  const sendGeoJson = prepared(JSON.stringify(districtToGeoJson(index.district)), 'application/geo+json; charset=utf-8');
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path !== '/metrics' && !path.startsWith('/api/')) return false;
    const method = req.method ?? 'GET';

    if (path === '/api/health' && method === 'GET') {
      const mqtt = deps.mqttConnected() ? 'connected' : 'disconnected';
      const failing = deps.pipeline.journalFailing;
      const journal = failing ? `failing: ${failing} (${deps.pipeline.journalFile})` : 'ok';
      const ok = mqtt === 'connected' && journal === 'ok';
      sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : 'degraded', mqtt, journal, district: deps.pipeline.index.district.id,
        devices: deps.pipeline.index.devices.size, openAlarms: deps.pipeline.core.openAlarms().length,
        uptimeSeconds: Math.round(process.uptime()),
      });
      return true;
    }
    if (path === '/api/district' && method === 'GET') { (staff(req) ? sendDistrict : sendPublicDistrict)(req, res); return true; }
    if (path === '/api/district.geojson' && method === 'GET') { sendGeoJson(req, res); return true; }
    const deviceMatch = /^\/api\/devices\/([^/]+)$/.exec(path);
    if (deviceMatch && method === 'GET') {
      const id = decodeURIComponent(deviceMatch[1]!);
      const device = index.devices.get(id);
      if (!device) { sendError(res, 404, `no device "${id}" in district "${index.district.id}"`); return true; }
      const core = deps.pipeline.core;
      const personal = staff(req);
      const household = device.householdId ? index.households.get(device.householdId) ?? null : null;
      sendJson(res, 200, {
        device,
        state: core.devices.get(id),
        display: core.displayOf(id),
        series: core.devices.seriesOf(id),
        personalData: personal,
        contacts: contactsFor(index, device).filter((c) => personal || c.role !== 'relative'),
        household: household && (personal ? household : householdWithoutPersonalData(household)),
        alarms: core.alarms.historyOf(id),
        commands: core.commands.of(id),
        outOfService: core.alarms.isOutOfService(id),
      });
      return true;
    }
    if (path === '/api/alarms' && method === 'GET') {
      const state = url.searchParams.get('state');
      if (state !== null && !(ALARM_STATES as readonly string[]).includes(state)) {
        sendError(res, 400, `unknown state "${state}"; one of ${ALARM_STATES.join(', ')}`);
        return true;
      }
      const alarms = state === null ? deps.pipeline.core.openAlarms() : deps.pipeline.core.alarms.list().filter((a) => a.state === state);
      sendJson(res, 200, alarms.sort((a, b) => a.raisedAt - b.raisedAt));
      return true;
    }
    const alarmAction = /^\/api\/alarms\/([^/]+)\/(ack|shelve|unshelve)$/.exec(path);
    const serviceAction = /^\/api\/devices\/([^/]+)\/service$/.exec(path);
    if ((alarmAction || serviceAction) && method === 'POST') {
      if (!tokenMatches(bearer(req), deps.operatorToken)) {
        if (alarmAction?.[2] === 'ack') deps.metrics.acks.inc({ outcome: 'unauthorized' });
        sendError(res, 401, 'this action needs "Authorization: Bearer <operator token>"');
        return true;
      }
      const p = deps.pipeline;
      let outcome;
      if (serviceAction) {
        const f = await bodyAs(req, res, 'service');
        if (!f) return true;
        outcome = p.setOutOfService(decodeURIComponent(serviceAction[1]!), !f.inService, f.by ?? BY_HTTP);
      } else {
        const id = decodeURIComponent(alarmAction![1]!);
        const verb = alarmAction![2]!;
        if (verb === 'shelve') {
          const f = await bodyAs(req, res, 'shelve');
          if (!f) return true;
          outcome = p.shelve(id, f.by ?? BY_HTTP, f.minutes, f.reason);
        } else {
          const f = await bodyAs(req, res, 'alarmAction');
          if (!f) return true;
          outcome = verb === 'ack' ? p.acknowledge(id, f.by ?? BY_HTTP) : p.unshelve(id, f.by ?? BY_HTTP);
        }
      }
      if (!outcome.ok) sendError(res, refusalStatus(outcome.code), outcome.message);
      else if (await outcome.recorded) sendJson(res, 200, outcome.alarm ?? { ok: true });
      else sendError(res, 503, notRecorded(deps.pipeline));
      return true;
    }
    const cmdAction = /^\/api\/devices\/([^/]+)\/cmd$/.exec(path);
    if (cmdAction && method === 'POST') {
      if (!tokenMatches(bearer(req), deps.operatorToken)) { sendError(res, 401, 'this action needs "Authorization: Bearer <operator token>"'); return true; }
      const f = await bodyAs(req, res, 'command');
      if (!f) return true;
      const sent = deps.pipeline.sendCommand(decodeURIComponent(cmdAction[1]!), f.cmd, f.by ?? BY_HTTP);
      if (!sent.ok) sendError(res, 404, sent.message); else sendJson(res, 202, sent);
      return true;
    }
    const taskAction = /^\/api\/tasks\/([^/]+)$/.exec(path);
    if (taskAction && method === 'POST') {
      if (!tokenMatches(bearer(req), deps.operatorToken)) { sendError(res, 401, 'this action needs "Authorization: Bearer <operator token>"'); return true; }
      const f = await bodyAs(req, res, 'task');
      if (!f) return true;
      const result = deps.pipeline.updateTask(decodeURIComponent(taskAction[1]!), f.state, f.by ?? BY_HTTP);
      if (!result.ok) sendError(res, refusalStatus(result.code), result.message);
      else if (await result.recorded) sendJson(res, 200, result.task);
      else sendError(res, 503, notRecorded(deps.pipeline));
      return true;
    }
    const alarmGet = /^\/api\/alarms\/([^/]+)$/.exec(path);
    if (alarmGet && method === 'GET') {
      const stored = deps.pipeline.core.alarms.stored(decodeURIComponent(alarmGet[1]!));
      if (!stored) sendError(res, 404, `no alarm "${decodeURIComponent(alarmGet[1]!)}" (closed alarms are kept for a while, then only in the journal)`);
      else sendJson(res, 200, { ...stored.alarm, transitions: stored.history, factors: stored.factors, escalations: stored.escalations, escalateAt: stored.escalateAt,
        notifications: deps.pipeline.inApp.of(stored.alarm.id), tasks: deps.pipeline.core.dispatch.tasksOf(stored.alarm.id),
        onSite: deps.pipeline.core.dispatch.onSite(stored.alarm, deps.pipeline.now()) });
      return true;
    }
    if (path === '/api/scenarios' && method === 'GET') {
      sendJson(res, 200, builtinScenarios().map(({ scenario: s }) => ({ id: s.id, title: s.title, district: s.district, briefing: s.briefing, roles: s.roles,
        hazards: s.hazards.map((h) => h.model), failAfterS: s.end.failAfterS })));
      return true;
    }
    if (path === '/api/scenarios/validate' && method === 'POST') {
      const body = await readBody(req, 256 * 1024, 'a scenario file is at most 256 KiB');
      if (!body.ok) { refuseUntrusted(body.status); sendError(res, body.status, body.error); return true; }
      // Parsing YAML from anyone runs in a worker, with depth, alias, memory and time limits.
      const result = await offLoop(res, { kind: 'validate', text: body.text, districtFile: deps.districtFile });
      if (!result) return true;
      if (result.kind === 'limit') { refuseUntrusted(422); sendError(res, 422, result.reason); return true; }
      const parsed = (result as Extract<UntrustedResult, { kind: 'validated' }>).parsed;
      sendJson(res, 200, parsed.ok ? { ok: true, errors: [], id: parsed.scenario.id } : { ok: false, errors: parsed.errors });
      return true;
    }
    if (path === '/api/drills' && method === 'POST') {
      if (!tokenMatches(bearer(req), deps.trainerToken)) { sendError(res, 401, 'creating a drill needs "Authorization: Bearer <trainer token>"'); return true; }
      const f = await bodyAs(req, res, 'drill');
      if (!f) return true;
      const created = await deps.drills.create(f.scenarioId, f.seed);
      if (!created.ok) sendError(res, created.status, created.error);
      else sendJson(res, 201, { drillId: created.drillId, roomId: created.roomId });
      return true;
    }
    if (path === '/api/drills' && method === 'GET') { sendJson(res, 200, deps.drills.list()); return true; }
    const reportMatch = /^\/api\/drills\/([^/]+)\/report$/.exec(path);
    if (reportMatch && method === 'GET') {
      const id = decodeURIComponent(reportMatch[1]!);
      const file = deps.drills.journalFile(id);
      const wantsHtml = url.searchParams.get('format') === 'html' || (url.searchParams.get('format') !== 'json' && /text\/html/.test(String(req.headers.accept ?? '')));
      // A report of a long drill is megabytes of text: built in a worker, never on the alarm path's loop.
      const result = file ? await offLoop(res, { kind: 'report', file, format: wantsHtml ? 'html' : 'json' }, 30_000) : { kind: 'report' as const, body: null };
      if (!result) return true;
      const body = (result as Extract<UntrustedResult, { kind: 'report' }>).body;
      if (body === null) { sendError(res, 404, `no drill "${id.slice(0, 64)}"`); return true; }
      res.writeHead(200, { 'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(body);
      return true;
    }
    if (path === '/metrics' && method === 'GET') {
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return true;
    }
    if (path.startsWith('/api/')) {
      sendError(res, 404, `no such endpoint: ${method} ${path}`);
      return true;
    }
    return false;
  };
}
