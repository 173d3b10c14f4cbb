// The HTTP API as a table: each operation's declaration (twin-assets/routes.ts: method, path, the permission-table
// action it needs, the schema of its body and of its answers) with the handler the server binds to it. The router
// matches, finds out who is asking (session cookie, personal or machine token), checks the action (401 for nobody,
// 403 for a role without it), decodes the body once (a bad one is refused with the shape it needs), then calls the
// handler, which checks scoped grants against the thing it acts on. The OpenAPI document is generated from the
// same table, and the browser's client is typed from the declarations.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ACTIONS } from '../../twin-assets/permissions';
import { BODY_SCHEMAS, BODY_SHAPES } from '../../twin-assets/protocol';
import { ERROR_BODY, ROUTES, type BodyKind, type OperationId, type RouteSpec } from '../../twin-assets/routes';
import type { Metrics } from '../metrics';
import { People } from '../people/people';
import type { Access, Principal } from '../people/principal';
import type { AuditEntry } from '../people/audit';
import { clientAddress } from './clientAddress';
import { sendError } from './respond';

export interface RouteContext<B extends BodyKind | undefined> {
  req: IncomingMessage; res: ServerResponse; url: URL;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  body: B extends BodyKind ? z.infer<(typeof BODY_SCHEMAS)[B]> : undefined;
  /** Who is asking (the server decides; never a field of the body). */
  who: Principal;
  access: Access;
  address: string;
  /** An audit-log entry by the caller. */
  audit(e: Omit<AuditEntry, 'at' | 'by' | 'address'>): Promise<boolean>;
}

export interface Route<B extends BodyKind | undefined = BodyKind | undefined> extends RouteSpec {
  operationId: OperationId;
  /** Called when the caller may not (a metric). */
  onUnauthorized?: () => void;
  handler(ctx: RouteContext<B>): Promise<void> | void;
}

type BodyOf<Op extends OperationId> = (typeof ROUTES)[Op] extends { body: infer B extends BodyKind } ? B : undefined;

/** An operation of twin-assets/routes.ts with the handler this server runs for it. */
export const route = <Op extends OperationId>(operationId: Op, bound: Pick<Route<BodyOf<Op>>, 'handler' | 'onUnauthorized'>): Route =>
  ({ ...(ROUTES[operationId] as RouteSpec), operationId, ...bound }) as unknown as Route;

/** The schema a route declares for a status's JSON body: its own, else the error body for 4xx and 5xx. */
export function responseSchema(r: Pick<RouteSpec, 'responses'>, status: number): z.ZodType | null {
  const declared = r.responses[status];
  if (declared && typeof declared === 'object') return declared.schema ?? null;
  return status >= 400 ? ERROR_BODY : null;
}

/** Checks each JSON body a route sends against the schema it declares (tests turn this on: StartOptions
 * `checkResponses`); a mismatch is told to `onMismatch`, and the response goes out as it is. */
function watch(res: ServerResponse, r: Route, onMismatch: (line: string) => void): void {
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    const schema = responseSchema(r, res.statusCode);
    if (schema && typeof chunk === 'string' && /^[[{]/.test(chunk)) {
      let parsed: unknown = undefined;
      try { parsed = JSON.parse(chunk); } catch { /* not JSON after all */ }
      const checked = parsed === undefined ? null : schema.safeParse(parsed);
      if (checked && !checked.success) onMismatch(`${r.method} ${r.path} ${res.statusCode}: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; ')}`);
    }
    return end(...args);
  }) as typeof res.end;
}

const BODY_LIMIT = 4096;

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

/** A state change sent with a session cookie from a page of another site is refused (SameSite=Strict
 * keeps the cookie off such requests already; this is the second lock). */
function crossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || req.method === 'GET' || req.method === 'HEAD') return false;
  try { return new URL(origin).host !== req.headers.host; } catch { return true; }
}

export function router(routes: Route[], people: People, metrics: Metrics, checkResponses?: (mismatch: string) => void) {
  const compiled = routes.map((r) => ({ r, re: pattern(r.path) }));
  const refuse = (res: ServerResponse, r: Route, status: number, reason: 'unauthenticated' | 'forbidden' | 'cross_site', message: string) => {
    r.onUnauthorized?.();
    metrics.authRefused.inc({ reason, surface: 'http' });
    sendError(res, status, message);
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    let pathMatched = false;
    for (const { r, re } of compiled) {
      const m = re.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      if (checkResponses) watch(res, r, checkResponses);
      const address = clientAddress(req);
      const identified = await people.identify(req, address);
      if (!identified.ok) {
        req.resume();
        r.onUnauthorized?.();
        if (identified.retryAfterS) res.setHeader('retry-after', String(identified.retryAfterS));
        sendError(res, identified.status, identified.error);
        return true;
      }
      const who = identified.principal;
      if (identified.via === 'session' && crossSite(req)) { req.resume(); refuse(res, r, 403, 'cross_site', 'a change sent from another site is refused: use the twin\'s own pages'); return true; }
      if (r.action !== 'public' && !(ACTIONS[r.action] as { anonymous?: true }).anonymous) {
        if (who.kind === 'anonymous') { req.resume(); refuse(res, r, 401, 'unauthenticated', `log in first: ${ACTIONS[r.action].label.en.toLowerCase()} needs a session or "Authorization: Bearer <personal token>"`); return true; }
        if (!people.access.anywhere(who, r.action)) { req.resume(); refuse(res, r, 403, 'forbidden', `${who.name} may not ${ACTIONS[r.action].label.en.toLowerCase()} (roles: ${who.roles.join(', ')})`); return true; }
      }
      let body: unknown;
      if (r.body) {
        const decoded = await decodeBody(req, r.body);
        if (!decoded.ok) { sendError(res, decoded.status, decoded.error); return true; }
        body = decoded.value;
      }
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
      const audit = (e: Omit<AuditEntry, 'at' | 'by' | 'address'>) => people.record({ ...e, by: People.auditBy(who), address });
      await r.handler({ req, res, url, params, body, who, access: people.access, address, audit } as RouteContext<BodyKind | undefined>);
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
    const anonymous = r.action === 'public' || (ACTIONS[r.action] as { anonymous?: true }).anonymous;
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(r.action === 'public' ? {} : { 'x-permission': r.action }),
      // Public: no login at all; anonymous-allowed: a login is optional (it may see more); else one of the two.
      security: r.action === 'public' ? [] : anonymous ? [{}, { session: [] }, { token: [] }] : [{ session: [] }, { token: [] }],
      responses: Object.fromEntries(Object.entries(r.responses).map(([code, said]) => {
        const schema = responseSchema(r, Number(code));
        const description = typeof said === 'string' ? said : said.description;
        const content = {
          ...(schema ? { 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } } : {}),
          ...Object.fromEntries((typeof said === 'string' ? [] : said.media ?? []).map((m) => [m, {}])),
        };
        return [code, Object.keys(content).length ? { description, content } : { description }];
      })),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/', description: 'the twin that serves this document' }],
    components: { securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'twin_session', description: 'POST /api/session' },
      token: { type: 'http', scheme: 'bearer', description: 'a personal API token (POST /api/tokens), or OPERATOR_TOKEN / TRAINER_TOKEN (machine credentials, recorded as "service operator" / "service trainer")' },
    } },
    paths,
  };
}
