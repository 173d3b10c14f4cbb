// The production layout's proxy, deploy/nginx.conf itself (Debian's nginx), in front of processes started by
// the test: only the upstream addresses, the ports it listens on and where its certificate is are put in.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnListening } from './ports';
import { selfSignedCertificate } from '../../scripts/selfSignedCertificate';

export interface Nginx { url: string; port: number; stop(): Promise<void> }

/** deploy/nginx.conf over TLS with a self-signed certificate made for the test; `url` is https. Requests through it
 * must trust that certificate (two-processes.test.ts turns verification off for its own process). */
export async function startDeployNginx(port: number, upstreams: { a: string; b: string }, plainPort: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  mkdirSync(join(dir, 'logs'));
  selfSignedCertificate(join(dir, 'tls'));
  const conf = readFileSync('deploy/nginx.conf', 'utf8')
    .replaceAll('twin-a:2567', upstreams.a).replaceAll('twin-b:2567', upstreams.b)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`)
    .replace('listen 80;', `listen 127.0.0.1:${plainPort};`)
    .replaceAll('/etc/nginx/tls/', `${dir}/tls/`)
    // Its own files in a temporary prefix, not Debian's /var/lib/nginx.
    .replace('http {', `pid ${dir}/nginx.pid;\nhttp {\n  access_log off;\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n')}`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const { stop } = await spawnListening('nginx', 'nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log'), '-g', 'daemon off;'], port);
  return { url: `https://127.0.0.1:${port}/`, port, stop };
}
