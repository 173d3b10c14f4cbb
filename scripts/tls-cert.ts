// `npm run tls:selfsigned -- --out deploy/tls [--host twin.example.org]`: a self-signed certificate and its key for
// trying the production layout over HTTPS and MQTT over TLS. For real use put the street office's certificate in the
// same place (twin.crt, twin.key). Uses Debian's openssl.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, cliFail } from '../twin-assets/cli';
import { selfSignedCertificate } from './selfSignedCertificate';

const USAGE = `
npm run tls:selfsigned -- --out <dir> [--host <name>] [--days N] [--force]

Writes <dir>/twin.crt and <dir>/twin.key: a self-signed certificate (EC P-256, SHA-256) for <name> (default
localhost), also valid for localhost and 127.0.0.1, for N days (default 365). deploy/nginx.conf serves HTTPS with
them and the district's Mosquitto MQTT over TLS on 8883. Browsers warn about a self-signed certificate: for real
use, replace both files with the street office's own.
  --force   overwrite existing files
`;

const { values } = cliArgs('tls:selfsigned', USAGE, { out: { type: 'string' }, host: { type: 'string' }, days: { type: 'string' }, force: { type: 'boolean' } });
const out = values.out ?? cliFail('tls:selfsigned', '--out <dir> is needed (--help explains)', 2);
const host = values.host ?? 'localhost';
if (!/^[A-Za-z0-9.-]{1,253}$/.test(host)) cliFail('tls:selfsigned', `--host "${host}" is not a host name`, 2);
const days = Number(values.days ?? 365);
if (!Number.isInteger(days) || days < 1 || days > 3650) cliFail('tls:selfsigned', `--days takes a whole number from 1 to 3650, not "${values.days}"`, 2);
if (existsSync(join(out, 'twin.crt')) && !values.force) cliFail('tls:selfsigned', `${join(out, 'twin.crt')} exists; --force overwrites it`);
try {
  const { cert, key } = selfSignedCertificate(out, host, days);
  console.log(`wrote ${cert} and ${key} (self-signed for ${host}, ${days} days)`);
} catch (e) { cliFail('tls:selfsigned', (e as Error).message); }
