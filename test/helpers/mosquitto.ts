// A real Mosquitto (Debian's package) on a free port, started and stopped by the test itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface Mosquitto { url: string; port: number; stop(): Promise<void> }

/** With `users`, anonymous clients are refused and each user needs its password (mosquitto_passwd). */
export async function startMosquitto(users: Record<string, string> = {}, opts: { port?: number } = {}): Promise<Mosquitto> {
  const port = opts.port ?? await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  let auth = 'allow_anonymous true\n';
  if (Object.keys(users).length) {
    const passwords = join(dir, 'passwords');
    writeFileSync(passwords, '');
    for (const [user, password] of Object.entries(users)) spawnSync('mosquitto_passwd', ['-b', passwords, user, password]);
    // Started as root, mosquitto drops to its own user and could not read our private temp dir.
    const stayRoot = process.getuid?.() === 0 ? 'user root\n' : '';
    auth = `${stayRoot}allow_anonymous false\npassword_file ${passwords}\n`;
  }
  writeFileSync(conf, `listener ${port} 127.0.0.1\n${auth}persistence false\nmessage_size_limit 0\nset_tcp_nodelay true\nmax_queued_messages 0\nmax_inflight_messages 1000\n`);
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
