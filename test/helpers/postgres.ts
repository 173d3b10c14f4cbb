// A real PostgreSQL cluster (Debian's package) on a free port, made and started by the tests themselves with
// initdb and pg_ctl in a temporary folder: never the machine's own service. As root, the server runs as the
// `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

export interface Postgres {
  /** The cluster's `postgres` database: make others with `createDatabase`. */
  url: string; port: number; dir: string;
  urlOf(database: string): string;
  /** Stops the server (fast shutdown: connections are cut, as when a database goes away). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with what it held. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

export function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
  throw new Error(`PostgreSQL's ${name} is not installed: npm test installs Debian's "postgresql" package when run as root`);
}

const isRoot = () => process.getuid?.() === 0;
/** Runs a PostgreSQL program as the user the cluster belongs to. */
function asOwner(bin: string, args: string[]): { status: number | null; output: string } {
  const [cmd, all] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, all as string[], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const init = asOwner(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.output.trim().split('\n').at(-1)}`);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB`;
  const start = async () => {
    const r = asOwner(postgresBin('pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
    if (r.status !== 0) throw new Error(`PostgreSQL did not start: ${r.output.trim().split('\n').at(-1)}`);
  };
  await start();
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const stop = async () => { asOwner(postgresBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']); };
  return { url: urlOf('postgres'), port, dir, urlOf, stop, start, remove: async () => { await stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A new, empty database in the cluster of `url` (optionally copied from a template database). */
export async function createDatabase(url: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(`create database ${name}${template ? ` template ${template}` : ''}`); } finally { await client.end(); }
  return url.replace(/\/[^/]*$/, `/${name}`);
}
