// The load generator, in a process of its own: N readings (QoS 1) over a district's devices as fast as
// one MQTT connection takes them, with a bounded window of unacknowledged publishes. Prints one JSON line.
//   node --import tsx test/bench/publisher.ts <brokerUrl> <district.json> <N> [username password]
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { baselineReading } from '../../device-emulators/baseline';
import { seededRng } from '../../twin-assets/random';
import type { DeviceType } from '../../twin-assets/deviceCatalog';

const [url, districtFile, n, username, password] = process.argv.slice(2);
const N = Number(n);
const district = JSON.parse(readFileSync(districtFile!, 'utf8')) as { id: string; devices: { id: string; type: DeviceType }[] };
const rng = seededRng(11);
// Each device's quiet reading, drawn once: back-to-back readings with fresh noise would look like a
// temperature rising by degrees a minute (the rate-of-rise rule), which no quiet device does.
const quiet = district.devices.map((d) => JSON.stringify(baselineReading(d.type, rng)));
const client = await mqtt.connectAsync(url!, { ...(username ? { username, password } : {}), clean: true });
const WINDOW = 2000;
let inflight = 0;
let acked = 0;
let wake: (() => void) | null = null;
const t0 = performance.now();
const ts0 = Date.now();
for (let i = 0; i < N; i++) {
  const dev = district.devices[i % district.devices.length]!;
  const seq = Math.floor(i / district.devices.length) + 1;
  while (inflight >= WINDOW) await new Promise<void>((r) => { wake = r; });
  inflight++;
  client.publish(`twin/${district.id}/dev/${dev.id}/telemetry`, `{"ts":${ts0 + seq},"seq":${seq},"readings":${quiet[i % district.devices.length]}}`, { qos: 1 }, () => {
    inflight--; acked++;
    if (wake && inflight < WINDOW / 2) { const w = wake; wake = null; w(); }
  });
}
while (acked < N) await new Promise<void>((r) => { wake = r; });
const ms = performance.now() - t0;
await client.endAsync();
console.log(JSON.stringify({ sent: N, acked, ms: Math.round(ms), perSecond: Math.round(N / (ms / 1000)) }));
process.exit(0);
