// A real Mosquitto (Debian's package) on a free port, started and stopped by the test itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface Mosquitto { url: string; port: number; stop(): Promise<void> }

export async function startMosquitto(): Promise<Mosquitto> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmessage_size_limit 0\nset_tcp_nodelay true\n`);
  const proc: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d) => { stderr += String(d); });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`mosquitto did not start: ${stderr.trim() || (e as Error).message}`);
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: async () => { proc.kill('SIGTERM'); await exited; },
  };
}
