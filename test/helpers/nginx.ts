// The production layout's proxy, deploy/nginx.conf itself (Debian's nginx), in front of processes started by
// the test: only the upstream addresses and the port it listens on are put in.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from './ports';

export interface Nginx { url: string; port: number; stop(): Promise<void> }

export async function startDeployNginx(port: number, upstreams: { a: string; b: string }): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  mkdirSync(join(dir, 'logs'));
  const conf = readFileSync('deploy/nginx.conf', 'utf8')
    .replaceAll('twin-a:2567', upstreams.a).replaceAll('twin-b:2567', upstreams.b)
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    // Its own files in a temporary prefix, not Debian's /var/lib/nginx.
    .replace('http {', `pid ${dir}/nginx.pid;\nhttp {\n  access_log off;\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n')}`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const proc: ChildProcess = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stderr?.on('data', (d) => { output += String(d); });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`nginx did not start: ${output.trim() || (e as Error).message}`);
  }
  return { url: `http://127.0.0.1:${port}/`, port, stop: async () => { proc.kill('SIGTERM'); await exited; } };
}
