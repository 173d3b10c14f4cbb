// A real Mosquitto (Debian's package) on a free port, started and stopped by the test itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnListening } from './ports';

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
  const { stop } = await spawnListening('mosquitto', 'mosquitto', ['-c', conf], port);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop,
  };
}
