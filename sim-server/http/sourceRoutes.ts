// The device sources' routes (CONTRACT "Device sources"): the pushes of IoT platforms, which sign them instead of
// logging in (the source's reader checks the signature before anything else is read), OneNET's URL verification,
// and the sources' overview for the admin page. Served by the process owning the live twin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { onenetVerification } from '../sources/onenetPush';
import { MAX_PUSH_BYTES } from '../sources/pushMessage';
import type { PushKind } from '../sources/pushSource';
import type { DeviceSources } from '../sources/deviceSources';
import { sendError, sendJson } from './respond';
import { readBytes, route, type Route, type RouteContext } from './router';

const header = (req: IncomingMessage) => (name: string) => { const v = req.headers[name]; return Array.isArray(v) ? v[0] : v; };

export function sourceRoutes(deps: { sources: () => DeviceSources | null }): Route[] {
  const find = (kind: PushKind, id: string) => deps.sources()?.push(kind, id);
  const noSuch = (res: ServerResponse, kind: PushKind, id: string) => sendError(res, 404, `no ${kind} source "${id.slice(0, 64)}" in this twin's SOURCES`);
  const push = (kind: PushKind) => async ({ req, res, params, url }: RouteContext<undefined>) => {
    const source = find(kind, params.sourceId!);
    if (!source) { req.resume(); return noSuch(res, kind, params.sourceId!); }
    const body = await readBytes(req, MAX_PUSH_BYTES, `a push is at most ${MAX_PUSH_BYTES / 1024} KiB`);
    if (!body.ok) { source.devices.count({ ok: false, reason: 'oversized', detail: body.error }); return sendError(res, body.status, body.error); }
    const answer = await source.take({ body: body.bytes, query: url.searchParams, header: header(req) });
    if (answer.status === 200) sendJson(res, 200, answer.body);
    else sendError(res, answer.status, String(answer.body.error));
  };
  return [
    route('getApiSources', { handler: ({ res }) => sendJson(res, 200, deps.sources()?.overview() ?? []) }),
    route('getApiSourcesOnenetBySourceId', { handler: ({ res, params, url }) => {
        const source = find('onenet', params.sourceId!);
        if (!source) return noSuch(res, 'onenet', params.sourceId!);
        const msg = onenetVerification(source.secret, url.searchParams);
        if (msg === null) {
          source.devices.count({ ok: false, reason: 'bad_signature', detail: 'URL verification: the signature is not Base64(MD5(token + nonce + msg)) with this source\'s token' });
          return sendError(res, 401, 'the signature is not this source\'s token\'s: check the token in OneNET\'s push settings');
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(msg);
      } }),
    route('postApiSourcesOnenetBySourceId', { handler: push('onenet') }),
    route('postApiSourcesCtwingBySourceId', { handler: push('ctwing') }),
    route('postApiSourcesWebhookBySourceId', { handler: push('webhook') }),
  ];
}
