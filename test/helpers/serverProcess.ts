// The real server as a child process. Plain `node --import tsx`, not the tsx command: a SIGKILL must
// reach the process that holds the journal, and the tsx command would leave its child running.
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './mqttProbe';

export interface ServerProcess { child: ChildProcess; out: { stdout: string; stderr: string }; exit: Promise<number | null>; signal: Promise<NodeJS.Signals | null> }

export async function startServerProcess(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim-server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => { out.stdout += String(d); });
  child.stderr!.on('data', (d) => { out.stderr += String(d); });
  let resolveSignal: (s: NodeJS.Signals | null) => void = () => {};
  const signal = new Promise<NodeJS.Signals | null>((r) => { resolveSignal = r; });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => { resolveSignal(sig); resolve(code); }));
  await until(() => out.stdout.includes('Ready.') || child.exitCode !== null, readyTimeoutMs, 'server start');
  if (!out.stdout.includes('Ready.')) throw new Error(`the server did not start: ${out.stderr}`);
  return { child, out, exit, signal };
}
