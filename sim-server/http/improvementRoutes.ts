// Drill evaluation's routes (CONTRACT.md "Drill evaluation"): a drill's AAR/IP as JSON, page, Word file or PDF; the
// corrective actions of the improvement plan; the teams that drill and their ratings over drills. The AAR is built
// in a worker and the PDF printed by Chromium in its own process: neither runs on the alarm path's loop.
import type { ServerResponse } from 'node:http';
import { TASK_REFS } from '../../scenarios/capabilities';
import { CORRECTIVE_STATUSES, type CorrectiveStatus } from '../../twin-assets/improvement';
import type { Drills } from '../drill/drills';
import type { PdfPrinter } from '../drill/printPdf';
import type { ImprovementPlan } from '../history/improvementPlan';
import type { Metrics } from '../metrics';
import type { People } from '../people/people';
import { actorOf } from '../people/principal';
import type { ScenarioLibrary } from '../scenarioLibrary';
import type { ResultOf, UntrustedTask } from '../workers/untrustedTasks';
import { sendError, sendJson } from './respond';
import { route, type Route } from './router';

const MEDIA = { json: 'application/json; charset=utf-8', html: 'text/html; charset=utf-8', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pdf: 'application/pdf' } as const;
type Format = keyof typeof MEDIA;

export interface ImprovementDeps {
  plan: ImprovementPlan; drills: Drills; people: People; library: Pick<ScenarioLibrary, 'scenario'>; printer: PdfPrinter; metrics: Metrics;
  /** Ended drills into the database first (their ratings), so a list is as fresh as the journals. */
  feed(): Promise<unknown>;
  offLoop<T extends UntrustedTask>(res: ServerResponse, task: T, timeoutMs?: number): Promise<ResultOf<T> | null>;
  lang(asked: string | null, accept: string | undefined): 'zh' | 'en';
}

export function improvementRoutes(d: ImprovementDeps): Route[] {
  /** An owner must be someone who can log in. */
  const ownerProblem = (login: string | undefined) => {
    if (login === undefined) return null;
    const p = d.people.store.byLoginName(login);
    return !p || p.disabled ? `no person "${login}" can own it: name someone who logs in here (GET /api/improvement/owners)` : null;
  };
  const scenarioProblem = async (id: string | undefined) => (id === undefined || (await d.library.scenario(id)) ? null : `no scenario "${id.slice(0, 64)}" to re-drill it`);
  const unprocessable = (res: ServerResponse, why: string) => { d.metrics.httpRefused.inc({ reason: 'unknown_reference' }); sendError(res, 422, why); };
  // Bounded: a first start with many ended drills feeds them in the background; the answer does not wait for all.
  const fresh = () => Promise.race([d.feed().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);

  return [
    route('getApiDrillsByDrillIdAar', { handler: async ({ req, res, url, params }) => {
      const id = params.drillId!;
      const format = (url.searchParams.get('format') ?? 'json') as Format;
      if (!(format in MEDIA)) return sendError(res, 400, `unknown format "${String(format).slice(0, 20)}": json, html, docx or pdf`);
      const file = d.drills.journalFile(id);
      if (!file) return sendError(res, 404, `no drill "${id.slice(0, 64)}"`);
      if (format === 'pdf') { const why = d.printer.unavailable(); if (why) return sendError(res, 503, why); }
      const lang = d.lang(url.searchParams.get('lang'), req.headers['accept-language']);
      const plan = await d.plan.list({ drillId: id });
      const built = await d.offLoop(res, { kind: 'aar', file, format: format === 'pdf' ? 'html' : format, lang, plan }, 60_000);
      if (!built) return;
      if (built.body === null) return sendError(res, 404, `no drill "${id.slice(0, 64)}"`);
      let body: Uint8Array | string = built.body;
      if (format === 'pdf') {
        const printing = d.printer.print(body as string);
        if (!printing) return sendError(res, 503, 'the printer is busy with other PDFs: try again in a minute');
        try { body = await printing; } catch (e) { return sendError(res, 503, (e as Error).message); }
      }
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const attachment = format === 'docx' || format === 'pdf' ? { 'content-disposition': `attachment; filename="AAR-${id}.${format}"` } : {};
      res.writeHead(200, { 'content-type': MEDIA[format], 'content-length': bytes.length, 'cache-control': 'no-store', ...attachment });
      res.end(bytes);
    } }),
    route('getApiImprovement', { handler: async ({ res, url }) => {
      const status = url.searchParams.get('status') ?? undefined;
      if (status !== undefined && !(CORRECTIVE_STATUSES as readonly string[]).includes(status)) return sendError(res, 400, `unknown status "${status.slice(0, 20)}": ${CORRECTIVE_STATUSES.join(', ')}`);
      const get = (n: string) => url.searchParams.get(n)?.slice(0, 128) || undefined;
      await fresh();
      sendJson(res, 200, await d.plan.list({ team: get('team'), scenarioId: get('scenarioId'), drillId: get('drillId'), status: status as CorrectiveStatus | undefined }));
    } }),
    route('postApiImprovement', { handler: async ({ res, body, who, audit }) => {
      const held = d.drills.get(body.drillId);
      const origin = held ? { scenarioId: held.scenario.id, team: held.team ?? null } : (await fresh(), await d.plan.drill(body.drillId));
      if (!origin) return sendError(res, 404, `no drill "${body.drillId.slice(0, 64)}" (held here, or ended and recorded)`);
      if (!(TASK_REFS as string[]).includes(body.task)) return unprocessable(res, `"${body.task.slice(0, 64)}" is not a critical task: one of ${TASK_REFS.join(', ')}`);
      const why = ownerProblem(body.owner) ?? await scenarioProblem(body.scenarioId);
      if (why) return unprocessable(res, why);
      const action = await d.plan.create(body, origin, actorOf(who));
      await audit({ action: 'improvement.write', target: action.id, outcome: 'ok', detail: { drillId: body.drillId, task: body.task, owner: body.owner, due: body.due } });
      sendJson(res, 201, action);
    } }),
    route('patchApiImprovementById', { handler: async ({ res, body, params, audit }) => {
      const why = ownerProblem(body.owner) ?? await scenarioProblem(body.scenarioId);
      if (why) return unprocessable(res, why);
      const action = await d.plan.change(params.id!, body);
      if (!action) return sendError(res, 404, `no corrective action "${params.id!.slice(0, 64)}"`);
      await audit({ action: 'improvement.write', target: action.id, outcome: 'ok', detail: body });
      sendJson(res, 200, action);
    } }),
    route('getApiImprovementOwners', { handler: ({ res }) => sendJson(res, 200, d.people.store.list().filter((p) => !p.disabled).map((p) => ({ login: p.login, name: p.name }))) }),
    route('getApiTeams', { handler: async ({ res }) => { await fresh(); sendJson(res, 200, await d.plan.teams()); } }),
    route('getApiTeamsByTeam', { handler: async ({ res, params }) => {
      await fresh();
      const team = await d.plan.team(params.team!.slice(0, 40));
      if (team.drills.length === 0 && team.actions.length === 0) return sendError(res, 404, `no drill or corrective action of the team "${params.team!.slice(0, 40)}"`);
      sendJson(res, 200, team);
    } }),
  ];
}
