// The browser's one way to the HTTP API: an operation of twin-assets/routes.ts by its operationId, with its
// path parameters, query and body, and its answer typed from the schemas the server declares there (and checks
// its own answers against in tests). A JSON body goes as JSON, a file (YAML, a form) as it is; the session
// cookie goes with every call. Nothing throws: a refusal is `{ok: false, status, error}` with the server's
// one-line reason, and no answer at all is status 0.
import type { z } from 'zod';
import type { BODY_SCHEMAS } from '../../twin-assets/protocol';
import { ROUTES, type BodyKind, type OperationId } from '../../twin-assets/routes';

type Spec<Op extends OperationId> = (typeof ROUTES)[Op];
type Responses<Op extends OperationId> = Spec<Op>['responses'];

/** What a 2xx answer's JSON body is, from its declared schema (204: nothing). */
export type Data<Op extends OperationId> = {
  [S in keyof Responses<Op>]: S extends 204 ? null : S extends 200 | 201 | 202 ? (Responses<Op>[S] extends { schema: infer Z extends z.ZodType } ? z.output<Z> : never) : never;
}[keyof Responses<Op>];

type ParamNames<P> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;
type Params<Op extends OperationId> = [ParamNames<Spec<Op>['path']>] extends [never] ? { params?: undefined } : { params: Record<ParamNames<Spec<Op>['path']>, string> };
/** The JSON body an operation takes. */
export type BodyOf<Op extends OperationId> = Spec<Op> extends { body: infer B extends BodyKind } ? z.input<(typeof BODY_SCHEMAS)[B]> : never;
type Body<Op extends OperationId> = Spec<Op> extends { body: BodyKind } ? { body: BodyOf<Op> }
  : Spec<Op> extends { rawBody: string } ? { raw: string | FormData }
  : { body?: undefined };

export type Options<Op extends OperationId> = Params<Op> & Body<Op> & {
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

export type Answer<Op extends OperationId> = { ok: true; status: number; data: Data<Op> } | { ok: false; status: number; error: string };

type Args<Op extends OperationId> = object extends Options<Op> ? [options?: Options<Op>] : [options: Options<Op>];

/** The address of an operation with its parameters and query (also for a link or an image). */
export function apiUrl<Op extends OperationId>(op: Op, ...[o]: Args<Op>): string {
  const params = (o?.params ?? {}) as Record<string, string>;
  const path = ROUTES[op].path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = Object.entries(o?.query ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

function request<Op extends OperationId>(op: Op, o: Partial<{ body: unknown; raw: string | FormData; headers: Record<string, string>; signal: AbortSignal }>): RequestInit {
  const spec = ROUTES[op] as { method: string; rawBody?: string };
  const headers: Record<string, string> = { ...o.headers };
  let body: string | FormData | undefined;
  if (o.raw !== undefined) {
    body = o.raw;
    // A form sets its own type, with its boundary.
    if (typeof o.raw === 'string' && spec.rawBody) headers['content-type'] ??= spec.rawBody;
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  return { method: spec.method, headers, cache: 'no-store', ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) };
}

/** Calls an operation; the answer's body is the type its route declares. */
export async function api<Op extends OperationId>(op: Op, ...args: Args<Op>): Promise<Answer<Op>> {
  let res: Response;
  try { res = await fetch(apiUrl(op, ...args), request(op, (args[0] ?? {}) as never)); }
  catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return { ok: false, status: 0, error: 'offline' };
  }
  const json = res.status === 204 ? null : await res.json().catch(() => undefined);
  if (res.ok && json !== undefined) return { ok: true, status: res.status, data: json as Data<Op> };
  return { ok: false, status: res.status, error: (json as { error?: string } | null | undefined)?.error ?? `HTTP ${res.status}` };
}

/** An operation whose answer is a file (a photo): its bytes, or null when refused or offline. */
export async function apiBlob<Op extends OperationId>(op: Op, ...args: Args<Op>): Promise<Blob | null> {
  try {
    const res = await fetch(apiUrl(op, ...args), request(op, (args[0] ?? {}) as never));
    return res.ok ? await res.blob() : null;
  } catch { return null; }
}

/** The answer's body, or the server's reason thrown: for code that handles every failure in one catch. */
export async function dataOf<Op extends OperationId>(answer: Promise<Answer<Op>>): Promise<Data<Op>> {
  const r = await answer;
  if (!r.ok) throw new Error(r.error);
  return r.data;
}
