// `npm run replay -- incident.jsonl --broker mqtt://127.0.0.1:1883 [--speed 1|10|max] [--drill <drillId>] [--district <id>]`
import { readFileSync } from 'node:fs';
import { cliArgs } from '../twin-assets/cli';
import mqtt from 'mqtt';
import { payloadOf, readRecording, retarget } from './recording';
import { LIVE } from './topics';

const USAGE = `
npm run replay -- <recording.jsonl> [--broker mqtt://127.0.0.1:1883] [--speed 1|10|max] [--drill <drillId>] [--district <id>]

Plays a recording (npm run record) back into a broker at its own pace times --speed, or as fast as the
broker takes it (max). With --drill it goes onto that drill's topic root instead of the live one (log in
as the trainer: --broker mqtt://trainer:<trainer token>@host:port), so a real incident becomes a drill.
`;
const { values, positionals } = cliArgs('replay', USAGE, {
  broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' }, speed: { type: 'string', default: '1' }, drill: { type: 'string' }, district: { type: 'string' },
}, { positionals: true });
const fail = (m: string): never => { console.error(`replay: ${m}`); process.exit(1); };
const file = positionals[0] ?? fail('name the recording: npm run replay -- incident.jsonl');
const speed = values.speed === 'max' ? Infinity : Number(values.speed);
if (!(speed > 0)) fail(`--speed is a factor above 0, or "max", not "${values.speed}"`);
if (values.drill !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(values.drill)) fail('--drill takes a drill id of letters, digits, "_", "." or "-"');
const messages = (() => { try { return readRecording(readFileSync(file, 'utf8')); } catch (e) { return fail(`${file}: ${(e as Error).message}`); } })();
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
