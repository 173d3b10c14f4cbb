// DEVICE_KEYS: a CSV of `clientId,key,role` (roles device, gateway, viewer). With it, every MQTT client
// authenticates with its client id as user name and its key as password.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { KEY_ROLES, type KeyRole } from './brokerAcl';

export interface DeviceKey { clientId: string; key: string; role: KeyRole }

export class DeviceKeysError extends Error {}

const ID = /^[^\s,/+#]{1,128}$/;

export function parseDeviceKeys(csv: string, file = 'DEVICE_KEYS'): Map<string, DeviceKey> {
  const keys = new Map<string, DeviceKey>();
  csv.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (i === 0 && /^clientId\s*,/i.test(line))) return;
    const cells = line.split(',').map((c) => c.trim());
    const where = `${file}:${i + 1}`;
    if (cells.length !== 3) throw new DeviceKeysError(`${where}: expected "clientId,key,role", got ${cells.length} field(s)`);
    const [clientId, key, role] = cells as [string, string, string];
    if (!ID.test(clientId)) throw new DeviceKeysError(`${where}: "${clientId.slice(0, 40)}" is not a client id (no spaces, commas, '/', '+' or '#')`);
    if (key.length < 16) throw new DeviceKeysError(`${where}: the key of "${clientId}" is too short (at least 16 characters)`);
    if (!(KEY_ROLES as readonly string[]).includes(role)) throw new DeviceKeysError(`${where}: role "${role}" is not one of ${KEY_ROLES.join(', ')}`);
    if (keys.has(clientId)) throw new DeviceKeysError(`${where}: "${clientId}" is listed twice`);
    keys.set(clientId, { clientId, key, role: role as KeyRole });
  });
  return keys;
}

export const newKey = () => randomBytes(24).toString('base64url');

export function deviceKeysCsv(rows: DeviceKey[]): string {
  return ['clientId,key,role', ...rows.map((r) => `${r.clientId},${r.key},${r.role}`)].join('\n') + '\n';
}

/** Constant-time comparison of a presented password with the expected one. */
export function secretMatches(presented: Buffer | string | undefined | null, expected: string): boolean {
  if (presented === undefined || presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
