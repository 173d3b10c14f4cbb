// A self-signed certificate and its key (Debian's openssl): for trying the production layout over TLS, and for the
// tests that run deploy/nginx.conf and the district's Mosquitto with it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Writes twin.crt and twin.key into `dir`; throws with openssl's own words when it cannot. */
export function selfSignedCertificate(dir: string, host = 'localhost', days = 365): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, 'twin.crt'), key = join(dir, 'twin.key');
  const names = [...new Set([`DNS:${host}`, 'DNS:localhost', 'IP:127.0.0.1'])].join(',');
  const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-sha256', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${host}`, '-addext', `subjectAltName=${names}`], { encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`openssl could not make the certificate: ${run.error?.message ?? run.stderr.trim().split('\n').at(-1)}`);
  return { cert, key };
}
