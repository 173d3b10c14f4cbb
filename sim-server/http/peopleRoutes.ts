// People and sessions over HTTP (CONTRACT.md "People and sessions"): logging in and out, the admin's pages
// for people and their roles, personal API tokens, and the audit log. Every change is audited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACTION_NAMES, grantOf, SCOPED_ROLES, type PersonScope, type StaffRole } from '../../twin-assets/permissions';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { Metrics } from '../metrics';
import { hashPassword } from '../people/passwords';
import { cookieValue, People, SESSION_COOKIE } from '../people/people';
import { personView, SESSION_HOURS, type Person } from '../people/peopleStore';
import { auditEntries } from '../history/auditTable';
import type { Sql } from '../history/sql';
import { timeParam } from './historyRoutes';
import { sendError, sendJson } from './respond';
import { overTls } from './securityHeaders';
import { route, type Route } from './router';

export interface PeopleRouteDeps { people: People; metrics: Metrics; index: DistrictIndex; sql: Sql }

const sessionCookie = (req: IncomingMessage, value: string, maxAgeS: number) =>
  `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}${overTls(req) ? '; Secure' : ''}`;

/** Each action these roles are granted, and where. */
const permissionsOf = (roles: readonly StaffRole[]) => Object.fromEntries(ACTION_NAMES.map((a) => [a, grantOf(roles, a)]).filter(([, g]) => g !== null));

/** What the client needs to know of the person logged in: who, and what the table lets them do. */
export const sessionView = (p: Person) => ({ ...personView(p), permissions: permissionsOf(p.roles) });

export function peopleRoutes(d: PeopleRouteDeps): Route[] {
  const { people, index } = d;
  /** A scope must name this district's community or courtyards, and be given to the roles that need one. */
  const scopeProblem = (roles: StaffRole[], scope: PersonScope | null | undefined): string | null => {
    if (scope?.communityId && !index.district.communities.some((c) => c.id === scope.communityId)) return `no community "${scope.communityId}" in ${index.district.name.en}`;
    const unknown = (scope?.courtyardIds ?? []).filter((id) => !index.courtyards.has(id));
    if (unknown.length) return `no courtyard ${unknown.slice(0, 3).map((u) => `"${u}"`).join(', ')} in ${index.district.name.en}`;
    const needing = roles.filter((r) => SCOPED_ROLES.includes(r));
    if (needing.length && !scope?.communityId && !scope?.courtyardIds?.length) return `${needing.join(' and ')} staff work in one community or some courtyards: give "scope": {"communityId"} or {"courtyardIds": [...]}`;
    return null;
  };
  const enabledAdmins = (except: string) => people.store.list().filter((p) => p.id !== except && !p.disabled && p.roles.includes('admin')).length;

  return [
    route('postApiSession', { handler: async ({ req, res, body, address }) => {
        const result = await people.login(body.login, body.password, address);
        if (!result.ok) {
          if (result.retryAfterS) res.setHeader('retry-after', String(result.retryAfterS));
          return sendError(res, result.status, result.error);
        }
        res.setHeader('set-cookie', sessionCookie(req, result.secret, SESSION_HOURS * 3600));
        sendJson(res, 200, sessionView(result.person));
      } }),
    route('getApiSession', { handler: ({ res, who }) => {
        if (who.kind === 'anonymous') return sendError(res, 401, 'not logged in');
        if (who.kind === 'service') return sendJson(res, 200, { id: who.id, login: null, name: who.name, roles: who.roles, scope: null, permissions: permissionsOf(who.roles) });
        sendJson(res, 200, sessionView(people.store.get(who.id)!));
      } }),
    route('deleteApiSession', { handler: async ({ req, res, who, audit }) => {
        const secret = cookieValue(req.headers.cookie, SESSION_COOKIE);
        if (secret) await people.store.endSession(secret);
        if (who.kind !== 'anonymous') await audit({ action: 'session.logout', outcome: 'ok' });
        res.writeHead(204, { 'set-cookie': sessionCookie(req, '', 0), 'cache-control': 'no-store' });
        res.end();
      } }),
    route('getApiUsers', { handler: ({ res }) => sendJson(res, 200, people.store.list().map(personView)) }),
    route('postApiUsers', { handler: async ({ res, body, audit }) => {
        if (people.store.byLoginName(body.login)) return sendError(res, 409, `the login "${body.login}" is taken`);
        const problem = scopeProblem(body.roles, body.scope);
        if (problem) return sendError(res, 422, problem);
        const created = await people.store.create({ login: body.login, name: body.name, roles: [...new Set(body.roles)], scope: body.scope ?? null, passwordHash: await hashPassword(body.password) });
        await audit({ action: 'people.manage', target: created.id, outcome: 'ok', detail: { created: created.login, roles: created.roles, scope: created.scope } });
        sendJson(res, 201, personView(created));
      } }),
    route('patchApiUsersByLogin', { handler: async ({ res, params, body, audit }) => {
        const person = people.store.byLoginName(params.login!);
        if (!person) return sendError(res, 404, `no one logs in as "${params.login!.slice(0, 40)}"`);
        const roles = body.roles ? [...new Set(body.roles)] : person.roles;
        const scope = body.scope === undefined ? person.scope : body.scope;
        const problem = scopeProblem(roles, scope);
        if (problem) return sendError(res, 422, problem);
        const stillAdmin = roles.includes('admin') && !(body.disabled ?? person.disabled);
        if (person.roles.includes('admin') && !stillAdmin && enabledAdmins(person.id) === 0) return sendError(res, 409, 'this is the last administrator: make someone else an administrator first');
        const endSessions = body.password !== undefined || body.disabled === true || body.roles !== undefined || body.scope !== undefined;
        const changed = await people.store.update(person.id, {
          ...(body.name ? { name: body.name } : {}), roles, scope,
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}),
        }, endSessions);
        await audit({ action: 'people.manage', target: person.id, outcome: 'ok', detail: { login: person.login, ...body, password: body.password ? 'reset' : undefined } });
        sendJson(res, 200, personView(changed));
      } }),
    route('postApiTokens', { handler: async ({ res, body, who, audit }) => {
        if (who.kind !== 'person') return sendError(res, 403, 'personal tokens are made by a person logged in');
        const { token, record } = await people.store.createToken(who.id, body.label);
        await audit({ action: 'tokens.own', target: record.id, outcome: 'ok', detail: { created: body.label } });
        sendJson(res, 201, { id: record.id, token, label: record.label, createdAt: record.createdAt });
      } }),
    route('getApiTokens', { handler: ({ res, who }) => sendJson(res, 200, who.kind === 'person' ? people.store.tokensOf(who.id).map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt })) : []) }),
    route('deleteApiTokensByTokenId', { handler: async ({ res, params, who, audit }) => {
        const t = people.store.tokenRecord(params.tokenId!);
        const mine = t && who.kind === 'person' && (t.personId === who.id || people.access.anywhere(who, 'people.manage'));
        if (!t || !mine) return sendError(res, 404, `no token "${params.tokenId!.slice(0, 40)}" of yours`);
        await people.store.revokeToken(t.id);
        await audit({ action: 'tokens.own', target: t.id, outcome: 'ok', detail: { revoked: t.label } });
        res.writeHead(204).end();
      } }),
    route('getApiAudit', { handler: async ({ res, url }) => {
        const to = timeParam(url, 'to', Date.now() + 60_000);
        const from = timeParam(url, 'from', to - 7 * 86_400_000);
        const limit = Math.min(5000, Math.max(1, Number(url.searchParams.get('limit') ?? 1000) || 1000));
        if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return sendError(res, 400, '"from" and "to" are times (ISO 8601 or epoch ms), "from" first');
        const login = url.searchParams.get('login') ?? undefined;
        // What was appended a moment ago is in the answer.
        sendJson(res, 200, await auditEntries(d.sql, { from, to, limit, ...(login ? { login } : {}) }));
      } }),
  ];
}

export type { ServerResponse };
