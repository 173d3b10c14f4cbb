// The history's database, one interface over two engines with the same SQL: PostgreSQL (DATABASE_URL, through
// node-postgres) or PGlite — PostgreSQL compiled to WebAssembly — in DATA_DIR/db. PGlite runs on the thread
// that calls it, so it gets a worker thread of its own (pgliteHost.ts): a year's KPIs never hold up the event
// loop that turns a reading into an alarm.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';

export interface Statement { sql: string; params?: unknown[] }

export interface Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Where it is, for a person: the data folder, or the URL without its password. */
  readonly where: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The statements in one transaction: all or none. */
  batch(statements: Statement[]): Promise<void>;
  close(): Promise<void>;
}

/** A database that refused or could not be reached: the message names it for a person. */
export class DatabaseUnavailable extends Error {}

/** Per sort or hash of a query, on both engines. */
export const WORK_MEM = '64MB';

export const pgliteDirOf = (dataDir: string) => join(dataDir, 'db');

/** PostgreSQL's bigint and numeric come back as strings from node-postgres: the history's are epoch ms and counts, well inside 2^53. */
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Sql> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(pgliteDirOf(opts.dataDir));
}

export const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

async function openPostgres(url: string): Promise<Sql> {
  const where = redactUrl(url);
  // Short timeouts: a database that went away is said at once (health, 503s) rather than waited on.
  // work_mem: the KPIs sort a year's alarms per source and level; in memory rather than on disk.
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, options: `-c work_mem=${WORK_MEM}` });
  pool.on('error', () => { /* an idle client lost its server: the next query says so */ });
  const fail = (e: unknown): never => { throw new DatabaseUnavailable(`the database (${where}) ${describePgError(e)}`); };
  try { await pool.query('select 1'); } catch (e) { await pool.end().catch(() => {}); fail(e); }
  return {
    kind: 'postgres', where,
    async query<T>(sql: string, params?: unknown[]) {
      try { return (await pool.query(sql, params as unknown[])).rows as T[]; } catch (e) { return rethrow(e, fail); }
    },
    async batch(statements) {
      let client: pg.PoolClient;
      try { client = await pool.connect(); } catch (e) { return fail(e); }
      try {
        await client.query('begin');
        for (const s of statements) await client.query(s.sql, s.params as unknown[]);
        await client.query('commit');
        client.release();
      } catch (e) {
        await client.query('rollback').catch(() => {});
        client.release(true);
        rethrow(e, fail);
      }
    },
    close: () => pool.end(),
  };
}

/** A query the server understood and refused (bad SQL, a constraint) is a bug and stays one; losing the server is `unavailable`. */
function rethrow(e: unknown, fail: (e: unknown) => never): never {
  const code = (e as { code?: string }).code;
  if (typeof code === 'string' && /^(?!08|57P|53)[0-9A-Z]{5}$/.test(code)) throw e;
  return fail(e);
}

function describePgError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err.code === 'ECONNREFUSED') return 'refuses connections (is PostgreSQL running?)';
  if (err.code === '57P01' || err.code === '57P02' || err.code === '57P03') return 'is shutting down or starting';
  return `cannot be reached (${err.message ?? String(e)})`;
}

const HOST = new URL('../workers/boot.mjs', import.meta.url);
const HOST_ENTRY = new URL('./pgliteHost.ts', import.meta.url).href;

/** One process at a time: PGlite has no locking of its own, and two writers would corrupt the folder. */
function lockDir(dir: string): () => void {
  const lock = join(dir, '.twin.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    try { if (pid && pid !== process.pid) { process.kill(pid, 0); alive = true; } } catch { /* gone */ }
    if (alive) throw new DatabaseUnavailable(`the embedded database ${dir} is in use by process ${pid}: several processes share a database through DATABASE_URL (PostgreSQL)`);
  }
  const fd = openSync(lock, 'w');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(lock, { force: true });
}

async function openPglite(dir: string): Promise<Sql> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDir(dir);
  const worker = new Worker(HOST, { workerData: { entry: HOST_ENTRY, dir } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let dead: Error | null = null;
  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { ready?: true; open?: true; id?: number; ok?: boolean; rows?: unknown; error?: string; code?: string }) => {
      if (m.ready) return;
      if (m.open) { resolve(); return; }
      if (m.error && m.id === undefined) { reject(new DatabaseUnavailable(`the embedded database ${dir} cannot be opened: ${m.error}`)); return; }
      const p = pending.get(m.id!);
      if (!p) return;
      pending.delete(m.id!);
      if (m.ok) p.resolve(m.rows); else p.reject(Object.assign(new Error(m.error), { code: m.code }));
    });
    const gone = (e: Error) => {
      dead = new DatabaseUnavailable(`the embedded database ${dir} stopped (${e.message})`);
      reject(dead);
      for (const p of pending.values()) p.reject(dead);
      pending.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`its thread exited with ${code}`)));
  });
  const call = (msg: object): Promise<unknown> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise((resolve, reject) => { pending.set(id, { resolve, reject }); worker.postMessage({ id, ...msg }); });
  };
  try { await opened; } catch (e) { unlock(); await worker.terminate(); throw e; }
  return {
    kind: 'pglite', where: dir,
    query: async <T>(sql: string, params?: unknown[]) => (await call({ op: 'query', sql, params })) as T[],
    batch: async (statements) => { await call({ op: 'batch', statements }); },
    async close() {
      if (!dead) await call({ op: 'close' }).catch(() => {});
      await worker.terminate();
      unlock();
    },
  };
}
