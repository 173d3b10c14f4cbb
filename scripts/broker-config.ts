// `npm run broker:config -- --out <dir>`: an external Mosquitto set up with the contract's ACL.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliArgs, cliFail } from '../twin-assets/cli';
import { newKey, parseDeviceKeys } from '../bridge/deviceKeys';
import { mosquittoFiles } from '../bridge/mosquittoConfig';
import { loadDistrictFiles } from '../sim-server/districtFiles';

const USAGE = `
npm run broker:config -- --out <dir> [--keys <keys.csv>] [--district <district.json>] [--port 1883] [--host 127.0.0.1] [--tls <dir> [--tls-port 8883]]

Writes <dir>/mosquitto.conf, <dir>/passwords and <dir>/acl for Debian's Mosquitto 2, enforcing what the
embedded broker enforces: only the twin publishes alarms, CAP, commands, notifications and drills;
devices publish their own telemetry, status and answers. With --keys (DEVICE_KEYS from
npm run devices:keys) every client must log in; without, anonymous clients may publish the district's
device topics and read alarms and CAP.
The twin logs in as "street-twin" with the password printed (or MQTT_PASSWORD, when set); OPERATOR_TOKEN
and TRAINER_TOKEN, when set, become the passwords of the read-all users "operator" and "trainer".
  --port, --host   where Mosquitto listens (default 1883 on 127.0.0.1)
  --tls <dir>      also MQTT over TLS, with <dir>/twin.crt and <dir>/twin.key (npm run tls:selfsigned makes a pair to
                   try), on --tls-port (default 8883)
With --keys, each client's id is its user name (use_username_as_clientid): nobody takes another's id.
`;
const { values } = cliArgs('broker:config', USAGE, { out: { type: 'string' }, keys: { type: 'string' }, district: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, tls: { type: 'string' }, 'tls-port': { type: 'string' } });
const out = resolve(values.out ?? cliFail('broker:config', '--out <dir> is needed (--help explains)', 2));
const port = Number(values.port ?? 1883);
if (!Number.isInteger(port) || port < 1 || port > 65535) cliFail('broker:config', `--port must be 1–65535, not "${values.port}"`, 2);
const tlsPort = Number(values['tls-port'] ?? 8883);
if (!Number.isInteger(tlsPort) || tlsPort < 1 || tlsPort > 65535) cliFail('broker:config', `--tls-port must be 1–65535, not "${values['tls-port']}"`, 2);
const tls = values.tls ? { certFile: resolve(values.tls, 'twin.crt'), keyFile: resolve(values.tls, 'twin.key'), port: tlsPort } : null;
if (tls && !existsSync(tls.certFile)) cliFail('broker:config', `${tls.certFile} is missing: npm run tls:selfsigned -- --out ${values.tls} makes a pair to try`);
const keys = values.keys ? (() => { try { return [...parseDeviceKeys(readFileSync(values.keys!, 'utf8'), values.keys).values()]; } catch (e) { return cliFail('broker:config', (e as Error).message); } })() : null;
const loaded = await loadDistrictFiles(values.district ?? null).catch((e: Error) => cliFail('broker:config', e.message));
const twinPassword = process.env.MQTT_PASSWORD || newKey();
const files = mosquittoFiles({
  districtId: loaded.district.id, deviceIds: loaded.district.devices.map((d) => d.id), keys, dir: out, port, host: values.host ?? '127.0.0.1', tls,
  users: { twin: { username: 'street-twin', password: twinPassword }, operator: process.env.OPERATOR_TOKEN, trainer: process.env.TRAINER_TOKEN },
});
mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(resolve(out, name), text, { mode: name === 'mosquitto.conf' ? 0o644 : 0o600 });
console.log(`${out}: mosquitto.conf, passwords, acl for district "${loaded.district.id}" (${loaded.district.devices.length} devices${keys ? `, ${keys.length} keys` : ', anonymous devices'}).`);
console.log(`  mosquitto -c ${out}/mosquitto.conf`);
console.log(`  MQTT_URL=mqtt://${values.host ?? '127.0.0.1'}:${port} MQTT_USERNAME=street-twin MQTT_PASSWORD=${process.env.MQTT_PASSWORD ? '$MQTT_PASSWORD' : twinPassword} npm start`);
