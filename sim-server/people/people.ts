// People and permissions, as the server's edge uses them: who a request or a room join is (a session cookie,
// a personal token, a machine credential, or nobody), logins with throttling, the bootstrap admin, and the
// audit log. The HTTP routes are in http/peopleRoutes.ts; the table in twin-assets/permissions.ts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import { STAFF_ROLE_LABELS } from '../../twin-assets/permissions';
import type { Clock } from '../clock';
import type { Metrics } from '../metrics';
import { tokenMatches } from '../tokens';
import { Access, ANONYMOUS, service, type Principal } from './principal';
import type { Sql } from '../history/sql';
import { importAuditFile } from '../history/auditTable';
import { AuditLog, type AuditEntry } from './audit';
import { DUMMY_HASH, hashPassword, PasswordBusy, verifyPassword } from './passwords';
import { PeopleStore, type Person } from './peopleStore';
import { Throttle } from './throttle';

export const SESSION_COOKIE = 'twin_session';

export interface PeopleDeps {
  /** The database people, sessions, tokens and the audit log live in (shared by the district's processes). */
  sql: Sql;
  /** Where people.jsonl and audit.jsonl from before the database kept them may be, to import once. */
  dataDir: string; clock: Clock; metrics: Metrics; index: DistrictIndex;
  /** OPERATOR_TOKEN and TRAINER_TOKEN: machine credentials, acting as "service operator" / "service trainer". */
  machineTokens: { operator: string; trainer: string };
  /** ADMIN_PASSWORD, for the bootstrap account when there is none. */
  adminPassword: string | null;
}

/** Who is asking, or why the credential shown was refused. */
export type Identified = { ok: true; principal: Principal; via: 'session' | 'token' | 'none' } | { ok: false; status: 401 | 429; error: string; retryAfterS?: number };

export type LoginResult = { ok: true; person: Person; secret: string } | { ok: false; status: 401 | 429 | 503; error: string; retryAfterS?: number };

export function personPrincipal(p: Person): Principal {
  return { kind: 'person', id: p.id, login: p.login, name: p.name, roles: p.roles, scope: p.scope };
}

/** The bearer token a request carries, or null. */
const bearerOf = (req: IncomingMessage) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? null;

export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || null;
  }
  return null;
}

export class People {
  readonly access: Access;
  /** Wrong passwords for one login, and failures from one address: each past the free ones waits longer. */
  private readonly perLogin: Throttle;
  private readonly perAddress: Throttle;
  /** Tokens that are no one's, from one address: past ten, each further try waits longer. */
  private readonly badTokens: Throttle;
  private constructor(readonly store: PeopleStore, readonly audit: AuditLog, private readonly d: PeopleDeps) {
    this.access = new Access(d.index);
    this.perLogin = new Throttle(d.clock, { freeFailures: 5 });
    this.perAddress = new Throttle(d.clock, { freeFailures: 20 });
    this.badTokens = new Throttle(d.clock, { freeFailures: 10 });
  }

  /** Opens the store; with no account yet, makes the bootstrap admin (its password returned when generated).
   * Processes starting at once on an empty database: one makes it, the others find it made. */
  static async open(d: PeopleDeps): Promise<{ people: People; bootstrap: { login: string; password: string | null } | null }> {
    await importAuditFile(d.sql, join(d.dataDir, 'audit.jsonl'));
    const store = await PeopleStore.open(d.sql, d.clock, join(d.dataDir, 'people.jsonl'));
    const people = new People(store, new AuditLog(d.sql, () => d.metrics.auditFailed.inc()), d);
    if (store.count > 0) return { people, bootstrap: null };
    const password = d.adminPassword ?? randomBytes(12).toString('base64url');
    const admin = await store.createFirst({ login: 'admin', name: STAFF_ROLE_LABELS.admin.zh, roles: ['admin'], scope: null, passwordHash: await hashPassword(password) });
    if (!admin) return { people, bootstrap: null };
    await people.record({ action: 'people.manage', by: { id: 'server', name: 'server (first start)', kind: 'service' }, target: admin.id, outcome: 'ok', detail: { created: 'admin', roles: ['admin'] } });
    return { people, bootstrap: { login: 'admin', password: d.adminPassword ? null : password } };
  }

  /** Who a request is: a bearer token (personal or machine), else the session cookie, else nobody. A token
   * that is no one's counts against the address, which past 10 failures must wait (429). What other processes
   * wrote is read first (a quarter second old at most), and again when a credential is not one known here. */
  async identify(req: IncomingMessage, address: string): Promise<Identified> {
    const bearer = bearerOf(req);
    if (bearer !== null) return this.fromToken(bearer, address, 'http');
    return this.fromCookie(req.headers.cookie);
  }

  /** Whether a request comes from staff (a valid token or session), without counting anything: for the request
   * guard, which spares staff the anonymous rate limits. */
  isStaff(req: IncomingMessage): boolean {
    const bearer = bearerOf(req);
    if (bearer !== null) return this.tokenPrincipal(bearer) !== null;
    const secret = cookieValue(req.headers.cookie, SESSION_COOKIE);
    return secret !== null && this.store.session(secret) !== null;
  }

  /** For a room join: the join's `token` option, else the session cookie of the WebSocket's upgrade request. */
  identifyJoin(token: unknown, cookieHeader: string | undefined, address: string): Promise<Identified> {
    if (typeof token === 'string' && token) return this.fromToken(token, address, 'room');
    return this.fromCookie(cookieHeader);
  }

  /** The person whose session the cookie holds, or nobody (no cookie, or a session that has ended). */
  private async fromCookie(cookieHeader: string | undefined): Promise<Identified> {
    const secret = cookieValue(cookieHeader, SESSION_COOKIE);
    const found = secret ? await this.known(() => this.store.session(secret)) : null;
    return { ok: true, principal: found ? personPrincipal(found.person) : ANONYMOUS, via: found ? 'session' : 'none' };
  }

  /** A personal token or a machine credential, checked without a hash to wait for (tokens are SHA-256'd). A right
   * one always goes through; wrong ones from an address, past ten, are answered 429 with the wait. */
  async fromToken(token: string, address: string, surface: 'http' | 'room'): Promise<Identified> {
    const principal = await this.known(() => this.tokenPrincipal(token));
    if (principal) return { ok: true, principal, via: 'token' };
    const wait = this.badTokens.waitMs(address);
    if (wait > 0) {
      this.d.metrics.authRefused.inc({ reason: 'throttled', surface });
      return { ok: false, status: 429, error: `too many wrong tokens from this address: wait ${Math.ceil(wait / 1000)} s`, retryAfterS: Math.ceil(wait / 1000) };
    }
    this.badTokens.failed(address);
    this.d.metrics.authRefused.inc({ reason: 'bad_token', surface });
    return { ok: false, status: 401, error: 'the token is not valid (revoked, mistyped, or no one\'s): log in again, or make a new one' };
  }

  /** Found in what this process knows (read a quarter second ago at most), or after reading what other
   * processes wrote since. The database away: what is known. */
  private async known<T>(find: () => T | null): Promise<T | null> {
    await this.store.sync().catch(() => {});
    const found = find();
    if (found !== null) return found;
    await this.store.sync(true).catch(() => {});
    return find();
  }

  /** Who a token is: a machine credential, a person's personal token, or no one (null). */
  private tokenPrincipal(token: string): Principal | null {
    if (tokenMatches(token, this.d.machineTokens.operator)) return service('operator');
    if (tokenMatches(token, this.d.machineTokens.trainer)) return service('trainer');
    const person = this.store.token(token);
    return person ? personPrincipal(person) : null;
  }

  /** A login, throttled per login and per address; every try is audited. */
  async login(login: string, password: string, address: string): Promise<LoginResult> {
    const wait = Math.max(this.perLogin.waitMs(login), this.perAddress.waitMs(address));
    const by = { id: 'anonymous', name: login.slice(0, 40), login: login.slice(0, 40), kind: 'anonymous' as const };
    if (wait > 0) {
      this.d.metrics.logins.inc({ outcome: 'throttled' });
      this.d.metrics.authRefused.inc({ reason: 'throttled', surface: 'http' });
      await this.record({ action: 'session.login_failed', by, outcome: 'refused', address, detail: { reason: 'throttled' } });
      return { ok: false, status: 429, error: `too many failed logins: wait ${Math.ceil(wait / 1000)} s and try again`, retryAfterS: Math.ceil(wait / 1000) };
    }
    const person = await this.known(() => this.store.byLoginName(login) ?? null);
    let matches: boolean;
    try { matches = await verifyPassword(password, person?.passwordHash ?? DUMMY_HASH); } catch (e) {
      if (e instanceof PasswordBusy) return { ok: false, status: 503, error: e.message };
      throw e;
    }
    if (!person || !matches || person.disabled) {
      this.perLogin.failed(login);
      this.perAddress.failed(address);
      const outcome = person && matches ? 'disabled' : 'wrong';
      this.d.metrics.logins.inc({ outcome });
      await this.record({ action: 'session.login_failed', by: person ? { ...by, id: person.id, name: person.name } : by, outcome: 'refused', address, detail: { reason: outcome } });
      return { ok: false, status: 401, error: outcome === 'disabled' ? 'this account is disabled: ask an administrator' : 'wrong login or password' };
    }
    this.perLogin.succeeded(login);
    let secret: string;
    try { ({ secret } = await this.store.openSession(person.id)); } catch (e) {
      return { ok: false, status: 503, error: `the session cannot be recorded now: ${(e as Error).message}` };
    }
    this.d.metrics.logins.inc({ outcome: 'ok' });
    await this.record({ action: 'session.login', by: { id: person.id, name: person.name, login: person.login, kind: 'person' }, outcome: 'ok', address });
    return { ok: true, person, secret };
  }

  /** An entry of the audit log, with `at` from the clock; resolves once written. */
  record(e: Omit<AuditEntry, 'at'>): Promise<boolean> {
    return this.audit.record({ at: this.d.clock.now(), ...e });
  }

  /** The audit log's `by` for a principal. */
  static auditBy(p: Principal): AuditEntry['by'] {
    if (p.kind === 'anonymous') return { id: 'anonymous', name: 'anonymous', kind: 'anonymous' };
    return { id: p.id, name: p.name, kind: p.kind, ...(p.kind === 'person' ? { login: p.login } : {}) };
  }

  async close(): Promise<void> { await this.store.close(); await this.audit.close(); }
}
