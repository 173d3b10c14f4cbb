// The HTTP API as a table: each route is its method, path, who may call it, the schema of its body and
// its handler. The router matches, checks the token, decodes the body once (a bad one is refused with
// the shape it needs), then calls the handler; the OpenAPI document is generated from the same table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BODY_SCHEMAS, BODY_SHAPES } from '../../twin-assets/protocol';
import { tokenMatches } from '../tokens';
import { sendError } from './respond';

export type BodyKind = keyof typeof BODY_SCHEMAS;
/** none: anyone; operator / trainer: that bearer token, else 401; staff: either token shows more, none is fine. */
export type Auth = 'none' | 'operator' | 'trainer' | 'staff';

export interface RouteContext<B extends BodyKind | undefined> {
  req: IncomingMessage; res: ServerResponse; url: URL;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  body: B extends BodyKind ? z.infer<(typeof BODY_SCHEMAS)[B]> : undefined;
  /** The caller showed the operator's or the trainer's token. */
  staff: boolean;
}

export interface Route<B extends BodyKind | undefined = BodyKind | undefined> {
  method: 'GET' | 'POST' | 'PUT';
  /** OpenAPI style: /api/alarms/{alarmId}/ack */
  path: string;
  auth: Auth;
  body?: B;
  /** A body the handler reads itself (a scenario file): its media type, for the document. */
  rawBody?: string;
  summary: string;
  /** Status codes it answers, with what each means. */
  responses: Record<number, string>;
  /** The 401's reason, when the contract words it for this route. */
  unauthorized?: string;
  /** Called on a refused token (a metric). */
  onUnauthorized?: () => void;
  handler(ctx: RouteContext<B>): Promise<void> | void;
}

/** A route with its body kind kept for the handler's types. */
export const route = <B extends BodyKind | undefined = undefined>(r: Route<B>): Route => r as unknown as Route;

const BODY_LIMIT = 4096;

function bearer(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]!.trim() : null;
}

/** The request body's bytes, refused past `limit` bytes (with `tooLarge` as the reason, when given). */
export async function readBytes(req: IncomingMessage, limit: number, tooLarge?: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; status: number; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, error: tooLarge ?? `the request body is over ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/** The request body as text, refused past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, tooLarge?: string): Promise<{ ok: true; text: string } | { ok: false; status: number; error: string }> {
  const body = await readBytes(req, limit, tooLarge);
  return body.ok ? { ok: true, text: body.bytes.toString('utf8') } : body;
}

async function decodeBody(req: IncomingMessage, kind: BodyKind): Promise<{ ok: true; value: unknown } | { ok: false; status: number; error: string }> {
  const body = await readBody(req, BODY_LIMIT);
  if (!body.ok) return body;
  let json: unknown = {};
  if (body.text.trim()) {
    try { json = JSON.parse(body.text); } catch { return { ok: false, status: 400, error: 'the request body is not valid JSON' }; }
  }
  const parsed = BODY_SCHEMAS[kind].safeParse(json ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: 400, error: BODY_SHAPES[kind] };
}

const pattern = (path: string) => new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);

export function router(routes: Route[], tokens: { operator: string; trainer: string }) {
  const compiled = routes.map((r) => ({ r, re: pattern(r.path) }));
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    let pathMatched = false;
    for (const { r, re } of compiled) {
      const m = re.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const token = bearer(req);
      const staff = tokenMatches(token, tokens.operator) || tokenMatches(token, tokens.trainer);
      if ((r.auth === 'operator' && !tokenMatches(token, tokens.operator)) || (r.auth === 'trainer' && !tokenMatches(token, tokens.trainer))) {
        r.onUnauthorized?.();
        sendError(res, 401, r.unauthorized ?? `this action needs "Authorization: Bearer <${r.auth} token>"`);
        return true;
      }
      let body: unknown;
      if (r.body) {
        const decoded = await decodeBody(req, r.body);
        if (!decoded.ok) { sendError(res, decoded.status, decoded.error); return true; }
        body = decoded.value;
      }
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
      await r.handler({ req, res, url, params, body, staff } as RouteContext<BodyKind | undefined>);
      return true;
    }
    if (url.pathname.startsWith('/api/') || pathMatched) {
      sendError(res, pathMatched ? 405 : 404, pathMatched ? `${method} is not answered at ${url.pathname}` : `no such endpoint: ${method} ${url.pathname}`);
      return true;
    }
    return false;
  };
}

function safeDecode(v: string): string { try { return decodeURIComponent(v); } catch { return v; } }

/** The OpenAPI 3.1 document of the routes: paths, parameters, bearer auth and body schemas from zod. */
export function openApiDocument(routes: Route[], info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const requestBody = r.body
      ? { required: false, content: { 'application/json': { schema: z.toJSONSchema(BODY_SCHEMAS[r.body], { io: 'input', unrepresentable: 'any' }) } }, description: BODY_SHAPES[r.body] }
      : r.rawBody ? { required: true, content: { [r.rawBody]: { schema: { type: 'string' } } } } : undefined;
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(r.auth === 'operator' || r.auth === 'trainer' ? { security: [{ [r.auth]: [] }] } : r.auth === 'staff' ? { security: [{}, { operator: [] }, { trainer: [] }] } : {}),
      responses: Object.fromEntries(Object.entries(r.responses).map(([code, description]) => [code, { description }])),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { operator: { type: 'http', scheme: 'bearer', description: 'OPERATOR_TOKEN' }, trainer: { type: 'http', scheme: 'bearer', description: 'TRAINER_TOKEN' } } },
    paths,
  };
}
