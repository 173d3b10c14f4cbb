// `npm run replay -- incident.jsonl --broker mqtt://127.0.0.1:1883 [--speed 1|10|max] [--drill <drillId>] [--district <id>]`
import { readFileSync } from 'node:fs';
import { cliArgs } from '../twin-assets/cli';
import mqtt from 'mqtt';
import { payloadOf, readRecording, retarget } from './recording';
import { LIVE } from './topics';

const USAGE = `
npm run replay -- <recording.jsonl> --broker mqtt://host:port [--speed 1|10|max] [--district <id>]
npm run replay -- <recording.jsonl> --broker mqtt://trainer:<trainer token>@host:port --drill <drillId> [--twin http://localhost:2567]
npm run replay -- <recording.jsonl> --broker mqtt://<your login>:<personal token>@host:port --drill <drillId> [--twin …]

Plays a recording (npm run record) back into a broker at its own pace times --speed, or as fast as the
broker takes it (max). With --drill it goes onto that drill's topic root instead of the live one, so a
real incident becomes a drill: the drill must be held by the twin at --twin (checked first, with the same
login's token), and only a login that may run drills feeds a drill's devices.
`;
const { values, positionals } = cliArgs('replay', USAGE, {
  broker: { type: 'string' }, speed: { type: 'string', default: '1' }, drill: { type: 'string' }, district: { type: 'string' }, twin: { type: 'string', default: 'http://localhost:2567' },
}, { positionals: true });
const fail = (m: string): never => { console.error(`replay: ${m}`); process.exit(1); };
const file = positionals[0] ?? fail('name the recording: npm run replay -- incident.jsonl');
const speed = values.speed === 'max' ? Infinity : Number(values.speed);
if (!(speed > 0)) fail(`--speed is a factor above 0, or "max", not "${values.speed}"`);
if (values.drill !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(values.drill)) fail('--drill takes a drill id of letters, digits, "_", "." or "-"');
if (!values.broker) fail('give the broker: --broker mqtt://host:port (npm start prints the twin\'s)');
const broker = (() => { try { return new URL(values.broker!); } catch { return fail(`--broker "${values.broker}" is not a URL like mqtt://host:port`); } })();
const messages = (() => { try { return readRecording(readFileSync(file, 'utf8')); } catch (e) { return fail(`${file}: ${(e as Error).message}`); } })();
if (values.drill) {
  // The broker drops a drill's topics from anyone but the twin and those who run drills: say so now, not after a
  // silent replay. The same login's password (a token) asks the twin which drills it holds.
  if (!broker.username || !broker.password) fail('feeding a drill needs the trainer\'s login: --broker mqtt://trainer:<trainer token>@host:port, or your login with a personal token');
  const asked = await fetch(new URL('/api/drills', values.twin), { headers: { authorization: `Bearer ${decodeURIComponent(broker.password)}` } })
    .catch((e: Error) => fail(`cannot ask the twin at ${values.twin} for its drills (--twin): ${e.message}`));
  if (!asked.ok) fail(`the twin at ${values.twin} refused the login: ${((await asked.json().catch(() => ({}))) as { error?: string }).error ?? asked.status}`);
  const drills = await asked.json() as { drillId: string; roomId: string | null; status: string }[];
  const held = drills.find((d) => d.drillId === values.drill);
  if (!held || held.roomId === null || held.status === 'ended') fail(`no drill "${values.drill}" is held by the twin at ${values.twin}${held ? ` (it is ${held.status})` : ''}: GET /api/drills lists them`);
}
const root = values.drill ? { kind: 'drill' as const, drillId: values.drill } : LIVE;
const client = await mqtt.connectAsync(values.broker!, { connectTimeout: 10_000 }).catch((e: Error) => fail(`cannot reach the broker at ${values.broker}: ${e.message}`));
console.log(`Replaying ${messages.length} messages from ${file} at ${values.speed}× into ${values.drill ? `drill ${values.drill}` : 'live'} on ${values.broker}.`);
const t0 = Date.now();
let sent = 0;
for (const m of messages) {
  const topic = retarget(m.topic, root, values.district);
  if (!topic) continue;
  if (Number.isFinite(speed)) { const wait = m.t / speed - (Date.now() - t0); if (wait > 0) await new Promise((r) => setTimeout(r, wait)); }
  await client.publishAsync(topic, payloadOf(m), { qos: 1, retain: m.retain });
  if (++sent % 1000 === 0) console.log(`${sent} of ${messages.length}`);
}
await client.endAsync();
console.log(`replayed ${sent} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
