// Our commands as child processes, with their output collected, as a person would run them.
// The server under SIGKILL runs as plain `node --import tsx`, not the tsx command: the kill must
// reach the process that holds the journal, and the tsx command would leave its child running.
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './mqttProbe';
import { databaseFor } from './database';

export interface Spawned { child: ChildProcess; out: { stdout: string; stderr: string }; exit: Promise<number | null>; signal: Promise<NodeJS.Signals | null> }

/** `node <args>` with the environment added to ours; stdout and stderr are collected as they come. */
/** In a process group of its own, so `killGroup` ends it with every child it started (the tsx command's). */
export function spawnNode(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => { out.stdout += String(d); });
  child.stderr!.on('data', (d) => { out.stderr += String(d); });
  let resolveSignal: (s: NodeJS.Signals | null) => void = () => {};
  const signal = new Promise<NodeJS.Signals | null>((r) => { resolveSignal = r; });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => { resolveSignal(sig); resolve(code); }));
  return { child, out, exit, signal };
}

/** Ends a spawned command and whatever it started; a test that fails half-way leaves nothing running. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  try { process.kill(-child.pid!, signal); } catch { /* already gone */ }
}

/** A TypeScript entry point of ours (`node --import tsx <script> <args>`). */
export const spawnScript = (script: string, args: string[] = [], env: Record<string, string> = {}) => spawnNode(['--import', 'tsx', script, ...args], env);

export type ServerProcess = Spawned;

/** The twin as `npm start` runs it; the machine credentials and the admin's password are the tests' (SCRAPE reads
 * /metrics with them) unless `env` gives others ('' for none: generated). */
export async function startServerProcess(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ServerProcess> {
  // The folder's database in the suite's cluster (a fresh one for a new folder) unless `env` names one ('' for the embedded PGlite).
  const database = 'DATABASE_URL' in env ? env.DATABASE_URL! : await databaseFor(env.DATA_DIR);
  // BENCH_PROFILE_DIR: the server writes a CPU profile there when it exits (for a bench's figures, not a test's).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const server = spawnNode([...profile, '--import', 'tsx', 'sim-server/main.ts'], { OPERATOR_TOKEN: 'operator-test-token', TRAINER_TOKEN: 'trainer-test-token', ADMIN_PASSWORD: 'admin-test-password', ...env, DATABASE_URL: database });
  await until(() => server.out.stdout.includes('Ready.') || server.child.exitCode !== null, readyTimeoutMs, 'server start');
  if (!server.out.stdout.includes('Ready.')) throw new Error(`the server did not start: ${server.out.stderr}`);
  return server;
}
