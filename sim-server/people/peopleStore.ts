// People, their sessions and their personal API tokens, kept as an append-only log of latest states in the
// database (table people_log), each row committed before it is answered. The processes of a district share
// it: each keeps the log in memory and reads the rows after the last it saw, at most every quarter second
// (`sync`), and at once when a credential it is shown is not one it knows. Writers take an advisory lock, so
// rows commit in the order of their numbers and no reader skips one. Secrets (session ids, tokens) are kept
// only as SHA-256 hashes; passwords as scrypt. DATA_DIR/people.jsonl from before is imported once, at start.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { STAFF_ROLES } from '../../twin-assets/permissions';
import type { Clock } from '../clock';
import type { Sql } from '../history/sql';

const scope = z.object({ communityId: z.string().max(64).optional(), courtyardIds: z.array(z.string().max(64)).max(500).optional() });
const person = z.object({
  id: z.string(), login: z.string(), name: z.string(), roles: z.array(z.enum(STAFF_ROLES)), scope: scope.nullable(),
  passwordHash: z.string(), disabled: z.boolean(), createdAt: z.number(), updatedAt: z.number(),
  /** Sessions begun before this (a password reset, a disabling) are over. */
  sessionsFrom: z.number(),
});
const session = z.object({ hash: z.string(), personId: z.string(), createdAt: z.number(), expiresAt: z.number() });
const token = z.object({ id: z.string(), hash: z.string(), personId: z.string(), label: z.string(), createdAt: z.number() });
const record = z.discriminatedUnion('t', [
  z.object({ t: z.literal('person'), person }),
  z.object({ t: z.literal('session'), session }),
  z.object({ t: z.literal('session_end'), hash: z.string() }),
  z.object({ t: z.literal('token'), token }),
  z.object({ t: z.literal('token_revoked'), id: z.string() }),
]);

export type Person = z.infer<typeof person>;
type NewPerson = Pick<Person, 'login' | 'name' | 'roles' | 'scope' | 'passwordHash'>;
export type Session = z.infer<typeof session>;
export type PersonalToken = z.infer<typeof token>;
type PeopleRecord = z.infer<typeof record>;

/** What anyone but the store sees of a person. */
export const personView = (p: Person) => ({ id: p.id, login: p.login, name: p.name, roles: p.roles, scope: p.scope, disabled: p.disabled, createdAt: p.createdAt, updatedAt: p.updatedAt });

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
/** A personal token: `twin_<id>_<secret>`; the id names it in lists, the secret is shown once. */
const TOKEN = /^twin_([A-Za-z0-9-]{8,40})_([A-Za-z0-9_-]{20,100})$/;

export const SESSION_HOURS = 12;

export class PeopleStore {
  private readonly people = new Map<string, Person>();
  private readonly byLogin = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, PersonalToken>();
  private readonly tokensByHash = new Map<string, string>();
  /** The last row read. */
  private seq = 0;
  private lastRead = -Infinity;
  private reading: Promise<void> | null = null;

  private constructor(private readonly sql: Sql, private readonly clock: Clock) {}

  /** The log as the database holds it, with DATA_DIR/people.jsonl imported first if there is one (its lines
   * keyed by their place in the file: importing it again, or from another process, adds nothing). */
  static async open(sql: Sql, clock: Clock, oldFile: string | null = null): Promise<PeopleStore> {
    if (oldFile && existsSync(oldFile)) await importPeopleFile(sql, oldFile);
    const store = new PeopleStore(sql, clock);
    await store.sync(true);
    return store;
  }

  get count(): number { return this.people.size; }

  list(): Person[] { return [...this.people.values()].sort((a, b) => a.createdAt - b.createdAt); }

  byLoginName(login: string): Person | undefined { const id = this.byLogin.get(login); return id ? this.people.get(id) : undefined; }

  get(id: string): Person | undefined { return this.people.get(id); }

  async create(p: NewPerson): Promise<Person> {
    const created = this.newPerson(p);
    await this.write({ t: 'person', person: created });
    return created;
  }

  /** The first person, unless another process made one meanwhile (null then). */
  async createFirst(p: NewPerson): Promise<Person | null> {
    const created = this.newPerson(p);
    return (await this.write({ t: 'person', person: created }, true)) ? created : null;
  }

  private newPerson(p: NewPerson): Person {
    const now = this.clock.now();
    return { id: randomUUID(), ...p, disabled: false, createdAt: now, updatedAt: now, sessionsFrom: 0 };
  }

  async update(id: string, change: Partial<Pick<Person, 'name' | 'roles' | 'scope' | 'passwordHash' | 'disabled'>>, endSessions: boolean): Promise<Person> {
    const was = this.people.get(id);
    if (!was) throw new Error(`no person ${id}`);
    const now = this.clock.now();
    const next: Person = { ...was, ...change, updatedAt: now, sessionsFrom: endSessions ? now + 1 : was.sessionsFrom };
    await this.write({ t: 'person', person: next });
    return next;
  }

  /** A new session for a person; the secret goes in the cookie, only its hash is kept. */
  async openSession(personId: string): Promise<{ secret: string; session: Session }> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const s: Session = { hash: sha256(secret), personId, createdAt: now, expiresAt: now + SESSION_HOURS * 3600_000 };
    await this.write({ t: 'session', session: s });
    return { secret, session: s };
  }

  async endSession(secret: string): Promise<void> {
    const hash = sha256(secret);
    if (this.sessions.has(hash)) await this.write({ t: 'session_end', hash });
  }

  /** The person behind a session cookie, or null (unknown, expired, ended, or the person disabled since);
   * `known` only what this process has read. */
  session(secret: string): { person: Person; session: Session } | null {
    const hash = sha256(secret);
    const s = this.sessions.get(hash);
    if (!s) return null;
    const p = this.people.get(s.personId);
    if (!p || p.disabled || s.createdAt < p.sessionsFrom) return null;
    if (s.expiresAt <= this.clock.now()) { this.sessions.delete(hash); return null; }
    return { person: p, session: s };
  }

  async createToken(personId: string, label: string): Promise<{ token: string; record: PersonalToken }> {
    const id = randomUUID().slice(0, 18);
    const secret = randomBytes(24).toString('base64url');
    const full = `twin_${id}_${secret}`;
    const t: PersonalToken = { id, hash: sha256(full), personId, label, createdAt: this.clock.now() };
    await this.write({ t: 'token', token: t });
    return { token: full, record: t };
  }

  tokensOf(personId: string): PersonalToken[] { return [...this.tokens.values()].filter((t) => t.personId === personId); }

  async revokeToken(id: string): Promise<void> { await this.write({ t: 'token_revoked', id }); }

  tokenRecord(id: string): PersonalToken | undefined { return this.tokens.get(id); }

  /** The person a personal API token acts as, or null. */
  token(presented: string): Person | null {
    if (!TOKEN.test(presented)) return null;
    const id = this.tokensByHash.get(sha256(presented));
    const p = id ? this.people.get(this.tokens.get(id)!.personId) : undefined;
    return p && !p.disabled ? p : null;
  }

  static looksLikeToken(s: string): boolean { return TOKEN.test(s); }

  /** Reads the rows other processes (and this one) committed since the last read: at most every quarter second
   * unless `now`. A database that cannot be read leaves what is known (the next call tries again). */
  sync(now = false): Promise<void> {
    if (!now && this.clock.now() - this.lastRead < 250) return Promise.resolve();
    if (!now && this.reading) return this.reading;
    // `now` after a write: a read already under way may have begun before it committed, so one more after it.
    const read: Promise<void> = (this.reading ?? Promise.resolve()).catch(() => {}).then(() => this.readNew())
      .finally(() => { if (this.reading === read) this.reading = null; });
    this.reading = read;
    return read;
  }

  async close(): Promise<void> { await this.reading?.catch(() => {}); }

  /** Committed in the log's order (the advisory lock), then read back like any other process's row. */
  private async write(r: PeopleRecord, onlyIfNoOne = false): Promise<boolean> {
    // The first person only where there is no row at all: checked under the lock, so two starts make one admin.
    await this.sql.batch([
      { sql: `select pg_advisory_xact_lock(${PEOPLE_LOCK})` },
      { sql: `insert into people_log (record) select $1::jsonb${onlyIfNoOne ? ' where not exists (select 1 from people_log)' : ''}`, params: [JSON.stringify(r)] },
    ]);
    await this.sync(true);
    return r.t !== 'person' || this.people.get(r.person.id)?.updatedAt === r.person.updatedAt;
  }

  private async readNew(): Promise<void> {
    const started = this.clock.now();
    const rows = await this.sql.query<{ seq: number; record: unknown }>('select seq, record from people_log where seq > $1 order by seq', [this.seq]);
    for (const row of rows) {
      const parsed = record.safeParse(row.record);
      // Written by this code through the same schema: a row that does not parse is one from a newer version.
      if (parsed.success) this.apply(parsed.data);
      this.seq = row.seq;
    }
    this.lastRead = started;
  }

  private apply(r: PeopleRecord): void {
    switch (r.t) {
      case 'person': this.people.set(r.person.id, r.person); this.byLogin.set(r.person.login, r.person.id); break;
      case 'session': if (r.session.expiresAt > this.clock.now()) this.sessions.set(r.session.hash, r.session); break;
      case 'session_end': this.sessions.delete(r.hash); break;
      case 'token': this.tokens.set(r.token.id, r.token); this.tokensByHash.set(r.token.hash, r.token.id); break;
      case 'token_revoked': { const t = this.tokens.get(r.id); if (t) { this.tokensByHash.delete(t.hash); this.tokens.delete(r.id); } break; }
    }
  }
}

/** The people log's writers' advisory lock: one insert at a time, so rows commit in their numbers' order. */
const PEOPLE_LOCK = 7306;

/** DATA_DIR/people.jsonl (from before the database kept people) into the log, each line keyed by its offset.
 * A line that is not a valid record is refused naming it, as the file's reader did. */
async function importPeopleFile(sql: Sql, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const rows: [number, string][] = [];
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = offset;
    offset += Buffer.byteLength(line) + 1;
    if (!line || i === lines.length - 1) return; // empty, or a torn last line
    let parsed: unknown;
    try { parsed = record.parse(JSON.parse(line)); } catch (e) { throw new Error(`${file}: line ${i + 1} is not a valid record (${(e as Error).message.slice(0, 120)})`); }
    rows.push([at, JSON.stringify(parsed)]);
  });
  if (!rows.length) return;
  await sql.batch([
    { sql: `select pg_advisory_xact_lock(${PEOPLE_LOCK})` },
    { sql: 'insert into people_log (file_offset, record) select * from unnest($1::bigint[], $2::jsonb[]) order by 1 on conflict do nothing', params: [rows.map((r) => r[0]), rows.map((r) => r[1])] },
  ]);
}
