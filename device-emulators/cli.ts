// `npm run emulate -- --broker mqtt://127.0.0.1:1883 --district street.json [--rate 10] [--faults dropout=0.01,…]`
// Drives any broker with the whole district's devices and shows a progress line.
import { cliArgs } from '../twin-assets/cli';
import { LIVE } from '../bridge/topics';
import { readDistrictJson } from '../twin-assets/districtFile';
import { parseDistrict, BUNDLED } from '../twin-assets/loadDistrict';
import { errorLines } from '../twin-assets/validationErrors';
import { parseFaults } from './faults';
import { startEmulators } from './runner';

function fail(message: string): never { console.error(`emulate: ${message}`); process.exit(1); }

const USAGE = `
npm run emulate -- [--broker mqtt://127.0.0.1:1883] [--district <file>] [--rate 1] [--faults dropout=0.01,…] [--seed 1] [--duration <s>]

Drives a broker with every device of the district: each device type's behaviour model at its real report
interval times --rate, with optional faults (dropout, duplicate, out_of_order, skew=<ms>, malformed, stuck).
To answer commands the emulated devices must read every device's cmd topic: log in as a gateway or as the
operator (--broker mqtt://operator:<operator token>@host:port, or --username/--password).
`;
const { values } = cliArgs('emulate', USAGE, {
  broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
  district: { type: 'string' },
  rate: { type: 'string', default: '1' },
  faults: { type: 'string', default: '' },
  seed: { type: 'string', default: '1' },
  duration: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
});

const rate = Number(values.rate);
if (!(rate > 0 && rate <= 1000)) fail(`--rate must be a number above 0 (1 = each type's real report interval), not "${values.rate}"`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number, not "${values.seed}"`);
const duration = values.duration === undefined ? null : Number(values.duration);
if (duration !== null && !(duration > 0)) fail(`--duration is in seconds, above 0`);
let faults;
try { faults = parseFaults(values.faults!); } catch (e) { fail((e as Error).message); }
const file = values.district ?? new URL(BUNDLED.district).pathname;
let raw: unknown;
try { raw = (await readDistrictJson(file)).raw; } catch (e) { fail((e as Error).message); }
const parsed = parseDistrict(raw);
if (!parsed.ok) fail(`${file} is invalid: ${errorLines(parsed.errors).slice(0, 3).join('; ')}`);
const district = parsed.value;

console.log(`Emulating ${district.devices.length} devices of "${district.id}" against ${values.broker} at ${rate}× their report rate${values.faults ? `, faults ${values.faults}` : ''}. Ctrl-C stops.`);
const emulators = await startEmulators({
  brokerUrl: values.broker!, districtId: district.id, devices: district.devices, root: LIVE, seed, intervalScale: 1 / rate, faults,
  onNoCommands: (reason) => console.log(`note: ${reason} (e.g. --broker mqtt://operator:<operator token>@127.0.0.1:1883)`),
  clientOptions: { ...(values.username ? { username: values.username } : {}), ...(values.password ? { password: values.password } : {}), connectTimeout: 10_000, reconnectPeriod: 1000 },
}).catch((e: Error) => fail(`cannot reach the broker at ${values.broker}: ${e.message}`));

const t0 = Date.now();
let lastSent = 0;
const tty = process.stdout.isTTY;
const progress = setInterval(() => {
  const s = emulators.stats;
  const perSecond = s.sent - lastSent;
  lastSent = s.sent;
  const faultText = Object.entries(s.faults).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ');
  const line = `${Math.round((Date.now() - t0) / 1000)} s · ${s.sent} messages · ${perSecond}/s · errors ${s.errors} · commands ${s.commands}${faultText ? ` · faults: ${faultText}` : ''}`;
  if (tty) process.stdout.write(`\r${line}   `); else console.log(line);
}, 1000);

const stop = async () => {
  clearInterval(progress);
  await emulators.stop();
  console.log(`${tty ? '\n' : ''}stopped after ${emulators.stats.sent} messages.`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (duration !== null) setTimeout(() => void stop(), duration * 1000);
