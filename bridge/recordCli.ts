// `npm run record -- --broker mqtt://127.0.0.1:1883 --district jinhe --out incident.jsonl [--duration 600]`
import { createWriteStream } from 'node:fs';
import { cliArgs } from '../twin-assets/cli';
import mqtt from 'mqtt';
import { recordLine } from './recording';

const USAGE = `
npm run record -- [--broker mqtt://operator:<token>@127.0.0.1:1883] [--district jinhe] [--out recording.jsonl] [--duration <s>]

Records every device message of the district (readings, statuses, answers) with its time, until Ctrl-C or
--duration. Reading device traffic needs the operator's (or trainer's) login on the embedded broker.
Play it back with npm run replay.
`;
const { values } = cliArgs('record', USAGE, { broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' }, district: { type: 'string', default: '+' }, out: { type: 'string', default: 'recording.jsonl' }, duration: { type: 'string' } });
const fail = (m: string): never => { console.error(`record: ${m}`); process.exit(1); };
const duration = values.duration === undefined ? null : Number(values.duration);
if (duration !== null && !(duration > 0)) fail('--duration is in seconds, above 0');
const client = await mqtt.connectAsync(values.broker!, { reconnectPeriod: 1000, connectTimeout: 10_000 }).catch((e: Error) => fail(`cannot reach the broker at ${values.broker}: ${e.message}`));
const out = createWriteStream(values.out!, { flags: 'w' });
const topic = `twin/${values.district}/dev/#`;
await client.subscribeAsync(topic, { qos: 1 });
const t0 = Date.now();
let n = 0;
client.on('message', (t, payload, packet) => { out.write(recordLine(Date.now() - t0, t, payload, packet.retain)); n++; });
console.log(`Recording ${topic} from ${values.broker} into ${values.out}. Ctrl-C stops.`);
const progress = setInterval(() => console.log(`${Math.round((Date.now() - t0) / 1000)} s · ${n} messages`), 5000);
const stop = async () => { clearInterval(progress); await client.endAsync(); out.end(() => { console.log(`recorded ${n} messages over ${Math.round((Date.now() - t0) / 1000)} s into ${values.out}`); process.exit(0); }); };
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (duration !== null) setTimeout(() => void stop(), duration * 1000);
