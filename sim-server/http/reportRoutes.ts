// Residents' hazard reports over HTTP: the phone form (no login, rate-limited per address), its public
// status, and the operators' list, triage, rectification and photos. The form is read in a worker.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { publicReport, REPORT_FIELDS, REPORT_PHOTO_MAX_BYTES } from '../../twin-assets/reports';
import type { ReportOutcome } from '../liveDesks';
import type { LivePipeline } from '../livePipeline';
import type { Metrics } from '../metrics';
import { PHOTO_MEDIA_TYPES, type PhotoUpload } from '../reports/photoUpload';
import type { PhotoStore } from '../reports/photoStore';
import type { ResultOf, UntrustedTask } from '../workers/untrustedTasks';
import { RateLimiter } from './rateLimit';
import { clientAddress } from './clientAddress';
import { sendError, sendJson } from './respond';
import { readBytes, route, type Route, type RouteContext } from './router';
import { actorOf } from '../people/principal';
import type { Action } from '../../twin-assets/permissions';

/** The form around the photo: its fields and boundaries. */
const FORM_OVERHEAD = 64 * 1024;

export interface ReportRouteDeps {
  /** The live pipeline as it is now (it changes when the live stream moves to or from this process). */
  pipeline: () => LivePipeline;
  metrics: Metrics;
  /** Where photos are kept. */
  photos: PhotoStore;
  offLoop<T extends UntrustedTask>(res: ServerResponse, task: T): Promise<ResultOf<T> | null>;
  /** The caller's grant covers the place, else a 403 has been sent. */
  allowedAt(ctx: RouteContext<never>, action: Action, place: { courtyardId: string | null | undefined } | null, target: string): boolean;
}

export function reportRoutes(d: ReportRouteDeps): Route[] {
  const p = d.pipeline;
  // People, not scripts: five at once from one address, then one every two minutes.
  const perAddress = new RateLimiter({ now: () => p().now() }, 5, 1 / 120);
  const refused = (res: ServerResponse, status: number, reason: string, label: string) => { d.metrics.reportsRefused.inc({ reason: label }); sendError(res, status, reason); };

  /** The form read in a worker; null once a refusal has been sent. */
  const readForm = async (req: IncomingMessage, res: ServerResponse): Promise<Extract<PhotoUpload, { ok: true }> | null> => {
    const limit = REPORT_PHOTO_MAX_BYTES + FORM_OVERHEAD;
    const tooLarge = `the photo may be at most ${REPORT_PHOTO_MAX_BYTES / 2 ** 20} MB`;
    if (Number(req.headers['content-length']) > limit) { req.resume(); refused(res, 413, tooLarge, 'too_large'); return null; }
    const body = await readBytes(req, limit, tooLarge);
    if (!body.ok) { refused(res, body.status, body.error, 'too_large'); return null; }
    const result = await d.offLoop(res, { kind: 'photoUpload', body: body.bytes, contentType: String(req.headers['content-type'] ?? '') });
    if (!result) return null;
    const { upload } = result;
    if (!upload.ok) { refused(res, upload.status, upload.reason, upload.status === 413 ? 'too_large' : upload.status === 415 ? 'not_image' : 'bad_form'); return null; }
    try { await d.photos.put(upload.photo.file, PHOTO_MEDIA_TYPES[upload.photo.type]!, upload.data, p().now()); } catch (e) {
      refused(res, 503, `the photo cannot be stored now (${(e as Error).message}); try again in a moment`, 'unstored');
      return null;
    }
    return upload;
  };
  const forget = (file: string) => d.photos.remove(file).catch(() => {});
  /** Answered once the report's record is on disk; staff's actions are audited. */
  const answer = async (res: ServerResponse, outcome: ReportOutcome, status = 200, body = (o: Extract<ReportOutcome, { ok: true }>) => o.report as unknown, audit?: (ok: boolean) => Promise<unknown>) => {
    if (!outcome.ok) { await audit?.(false); return sendError(res, outcome.code === 'not_found' ? 404 : outcome.code === 'unrecorded' ? 503 : outcome.code === 'bad_place' ? 422 : 409, outcome.message); }
    const recorded = await outcome.recorded;
    await audit?.(recorded);
    if (recorded) sendJson(res, status, body(outcome));
    else sendError(res, 503, 'the journal cannot record the report now; try again in a moment');
  };
  const placeOf = (id: string) => p().desks.reports.get(id)?.place ?? null;

  return [
    route('postApiReports', { handler: async ({ req, res }) => {
        if (!perAddress.take(clientAddress(req))) { req.resume(); d.metrics.httpRefused.inc({ reason: 'rate_limited' }); return refused(res, 429, 'too many reports from this address: wait a couple of minutes, or call the community', 'rate_limited'); }
        const form = await readForm(req, res);
        if (!form) return;
        const fields = REPORT_FIELDS.safeParse(form.fields);
        if (!fields.success) {
          void forget(form.photo.file);
          const issue = fields.error.issues[0]!;
          return refused(res, 400, `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`, 'bad_form');
        }
        const outcome = p().desks.submitReport({ ...fields.data, photo: form.photo });
        if (!outcome.ok) { void forget(form.photo.file); if (outcome.code === 'bad_place') d.metrics.reportsRefused.inc({ reason: 'bad_place' }); }
        await answer(res, outcome, 201, (o) => ({ id: o.report.id, status: o.report.status }));
      } }),
    route('getApiReports', { handler: ({ res, who, access }) => sendJson(res, 200, access.scoped(who, 'reports.read') ? p().desks.reports.list().filter((r) => access.at(who, 'reports.read', r.place)) : p().desks.reports.list()) }),
    route('getApiReportsByReportId', { handler: ({ res, params, who, access }) => {
        const r = p().desks.reports.get(params.reportId!);
        if (!r) return sendError(res, 404, `no report "${params.reportId!.slice(0, 64)}": check the number you were given`);
        sendJson(res, 200, access.at(who, 'reports.read', r.place) ? r : publicReport(r));
      } }),
    route('postApiReportsByReportIdTriage', { handler: (ctx) => {
        const id = ctx.params.reportId!;
        if (p().desks.reports.get(id) && !d.allowedAt(ctx, 'reports.triage', placeOf(id), id)) return;
        return answer(ctx.res, p().desks.triageReport(id, ctx.body, actorOf(ctx.who)), 200, undefined, (ok) => ctx.audit({ action: 'reports.triage', target: id, outcome: ok ? 'ok' : 'refused', detail: ctx.body }));
      } }),
    route('postApiReportsByReportIdRectify', { handler: async (ctx) => {
        const { req, res, params } = ctx;
        if (!p().desks.reports.get(params.reportId!)) { req.resume(); return sendError(res, 404, `no report "${params.reportId!.slice(0, 64)}"`); }
        if (!d.allowedAt(ctx, 'reports.rectify', placeOf(params.reportId!), params.reportId!)) { req.resume(); return; }
        const form = await readForm(req, res);
        if (!form) return;
        const note = (form.fields.note ?? '').trim().slice(0, 500);
        const outcome = p().desks.rectifyReport(params.reportId!, form.photo, actorOf(ctx.who), note);
        if (!outcome.ok) void forget(form.photo.file);
        await answer(res, outcome, 200, undefined, (ok) => ctx.audit({ action: 'reports.rectify', target: params.reportId!, outcome: ok ? 'ok' : 'refused', detail: { note } }));
      } }),
    route('getApiReportsByReportIdPhotoByWhich', { handler: async (ctx) => {
        const { res, params } = ctx;
        const r = p().desks.reports.get(params.reportId!);
        if (r && !d.allowedAt(ctx, 'reports.read', r.place, r.id)) return;
        const photo = params.which === 'before' ? r?.photo : params.which === 'after' ? r?.afterPhoto : null;
        if (!photo) return sendError(res, 404, `no ${params.which === 'after' ? 'after ' : ''}photo of report "${params.reportId!.slice(0, 64)}"`);
        const bytes = await d.photos.get(photo.file);
        if (!bytes) return sendError(res, 404, `the photo of report "${params.reportId!.slice(0, 64)}" is no longer kept`);
        res.writeHead(200, { 'content-type': PHOTO_MEDIA_TYPES[photo.type] ?? 'application/octet-stream', 'content-length': bytes.length, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' });
        res.end(bytes);
      } }),
  ];
}
