// A real Redis (Debian's redis-server) on a free port, started and stopped by the test itself: no
// persistence, nothing shared with a Redis the machine may already run.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './ports';

export interface Redis { url: string; port: number; stop(): Promise<void> }

export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d) => { output += String(d); });
  proc.stderr?.on('data', (d) => { output += String(d); });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not start: ${output.trim().split('\n').at(-1) || (e as Error).message}`);
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: async () => { proc.kill('SIGTERM'); await exited; } };
}
