// People, their sessions and their personal API tokens, kept as an append-only log of latest states
// (DATA_DIR/people.jsonl, each line written and fdatasync'ed before it is answered). Processes that share
// DATA_DIR read each other's lines: a lookup that misses, or any lookup a moment after the last, reads
// what was appended since. Secrets (session ids, tokens) are kept only as SHA-256 hashes; passwords as scrypt.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { STAFF_ROLES, type PersonScope, type StaffRole } from '../../twin-assets/permissions';
import type { Clock } from '../clock';

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
  private offset = 0;
  private lastRead = -Infinity;
  private handle: Promise<FileHandle> | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string, private readonly clock: Clock) {
    this.readNew(true);
  }

  get count(): number { return this.people.size; }

  list(): Person[] { this.fresh(); return [...this.people.values()].sort((a, b) => a.createdAt - b.createdAt); }

  byLoginName(login: string): Person | undefined { this.fresh(); const id = this.byLogin.get(login); return id ? this.people.get(id) : undefined; }

  get(id: string): Person | undefined { this.fresh(); return this.people.get(id); }

  async create(p: { login: string; name: string; roles: StaffRole[]; scope: PersonScope | null; passwordHash: string }): Promise<Person> {
    const now = this.clock.now();
    const created: Person = { id: randomUUID(), ...p, disabled: false, createdAt: now, updatedAt: now, sessionsFrom: 0 };
    await this.write({ t: 'person', person: created });
    return created;
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

  /** The person behind a session cookie, or null (unknown, expired, ended, or the person disabled since). */
  session(secret: string): { person: Person; session: Session } | null {
    const hash = sha256(secret);
    const s = this.lookup(() => this.sessions.get(hash));
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

  tokensOf(personId: string): PersonalToken[] { this.fresh(); return [...this.tokens.values()].filter((t) => t.personId === personId); }

  async revokeToken(id: string): Promise<void> { await this.write({ t: 'token_revoked', id }); }

  tokenRecord(id: string): PersonalToken | undefined { this.fresh(); return this.tokens.get(id); }

  /** The person a personal API token acts as, or null. */
  token(presented: string): Person | null {
    if (!TOKEN.test(presented)) return null;
    const hash = sha256(presented);
    const id = this.lookup(() => this.tokensByHash.get(hash));
    const p = id ? this.people.get(this.tokens.get(id)!.personId) : undefined;
    return p && !p.disabled ? p : null;
  }

  static looksLikeToken(s: string): boolean { return TOKEN.test(s); }

  async close(): Promise<void> {
    await this.writing.catch(() => {});
    if (this.handle) await (await this.handle).close().catch(() => {});
    this.handle = null;
  }

  /** Found now, or after reading what other processes appended since. */
  private lookup<T>(find: () => T | undefined): T | undefined {
    this.fresh();
    const found = find();
    if (found !== undefined) return found;
    this.readNew();
    return find();
  }

  private fresh(): void { if (this.clock.now() - this.lastRead > 500) this.readNew(); }

  /** Appended and synced, then read back like any other process's line: the state is always the file's. */
  private write(r: PeopleRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(r)}\n`);
    const done = this.writing.then(async () => {
      this.handle ??= open(this.file, 'a', 0o600);
      const h = await this.handle;
      await h.appendFile(line);
      await h.datasync();
      this.readNew();
    });
    this.writing = done.catch(() => {});
    return done;
  }

  /** Reads the lines appended since the last read (by this process or another); a torn last line waits. */
  private readNew(first = false): void {
    this.lastRead = this.clock.now();
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      readSync(fd, buf, 0, buf.length, this.offset);
      const end = buf.lastIndexOf(0x0a) + 1;
      let line = 0;
      for (const text of buf.subarray(0, end).toString('utf8').split('\n')) {
        line++;
        if (!text) continue;
        let parsed: PeopleRecord;
        try { parsed = record.parse(JSON.parse(text)); } catch (e) {
          if (first) throw new Error(`${this.file}: line ${line} is not a valid record (${(e as Error).message.slice(0, 120)})`);
          continue;
        }
        this.apply(parsed);
      }
      this.offset += end;
    } finally { closeSync(fd); }
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
