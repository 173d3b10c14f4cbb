// `npm run devices:keys -- --out keys.csv`: a key for every device of the district, for DEVICE_KEYS.
import { existsSync, writeFileSync } from 'node:fs';
import { cliArgs, cliFail } from '../twin-assets/cli';
import { deviceKeysCsv, newKey, type DeviceKey } from '../bridge/deviceKeys';
import { loadDistrictFiles } from '../sim-server/districtFiles';

const USAGE = `
npm run devices:keys -- --out <keys.csv> [--district <district.json>] [--gateways N] [--viewers N] [--force]

Writes DEVICE_KEYS for the district: one line "clientId,key,role" per device (role device, its id as
client id), plus N gateways (gateway-1…, may publish for every device and read notify/#) and N viewers
(viewer-1…, read alarms and CAP). Start the twin with DEVICE_KEYS=<keys.csv>: every MQTT client must then
log in with its client id as user name and its key as password. Keep the file secret.
  --district   a district file (default: the bundled district)
  --gateways   how many gateway keys (default 1)
  --viewers    how many viewer keys (default 1)
  --force      overwrite an existing file
`;
const { values } = cliArgs('devices:keys', USAGE, { out: { type: 'string' }, district: { type: 'string' }, gateways: { type: 'string' }, viewers: { type: 'string' }, force: { type: 'boolean' } });
const out = values.out ?? cliFail('devices:keys', '--out <keys.csv> is needed (--help explains)', 2);
const count = (v: string | undefined, name: string) => {
  const n = Number(v ?? 1);
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : cliFail('devices:keys', `--${name} takes a whole number from 0 to 1000, not "${v}"`, 2);
};
const gateways = count(values.gateways, 'gateways');
const viewers = count(values.viewers, 'viewers');
if (existsSync(out) && !values.force) cliFail('devices:keys', `${out} exists; --force overwrites it`);
const loaded = await loadDistrictFiles(values.district ?? null).catch((e: Error) => cliFail('devices:keys', e.message));
const rows: DeviceKey[] = [
  ...loaded.district.devices.map((d) => ({ clientId: d.id, key: newKey(), role: 'device' as const })),
  ...Array.from({ length: gateways }, (_, i) => ({ clientId: `gateway-${i + 1}`, key: newKey(), role: 'gateway' as const })),
  ...Array.from({ length: viewers }, (_, i) => ({ clientId: `viewer-${i + 1}`, key: newKey(), role: 'viewer' as const })),
];
writeFileSync(out, deviceKeysCsv(rows), { mode: 0o600 });
console.log(`${out}: ${loaded.district.devices.length} device, ${gateways} gateway and ${viewers} viewer key(s) for district "${loaded.district.id}". Start with DEVICE_KEYS=${out} npm start`);
