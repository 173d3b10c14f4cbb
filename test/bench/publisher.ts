// The load generator, in a process of its own: N readings (QoS 1) over a district's devices as fast as
// one MQTT connection takes them, with a bounded window of unacknowledged publishes. Prints one JSON line.
//   node --import tsx test/bench/publisher.ts <brokerUrl> <district.json> <N> [username password]
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { baselineReading } from '../../device-emulators/baseline';
import { seededRng } from '../../twin-assets/random';
import { publishWindowed } from './windowedPublish';
import type { DeviceType } from '../../twin-assets/deviceCatalog';

const [url, districtFile, n, username, password] = process.argv.slice(2);
const N = Number(n);
const district = JSON.parse(readFileSync(districtFile!, 'utf8')) as { id: string; devices: { id: string; type: DeviceType }[] };
const rng = seededRng(11);
// Each device's quiet reading, drawn once: back-to-back readings with fresh noise would look like a
// temperature rising by degrees a minute (the rate-of-rise rule), which no quiet device does.
const quiet = district.devices.map((d) => JSON.stringify(baselineReading(d.type, rng)));
const client = await mqtt.connectAsync(url!, { ...(username ? { username, password } : {}), clean: true });
const ts0 = Date.now();
const result = await publishWindowed(client, N, (i) => {
  const dev = district.devices[i % district.devices.length]!;
  const seq = Math.floor(i / district.devices.length) + 1;
  return [`twin/${district.id}/dev/${dev.id}/telemetry`, `{"ts":${ts0 + seq},"seq":${seq},"readings":${quiet[i % district.devices.length]}}`];
});
await client.endAsync();
console.log(JSON.stringify(result));
process.exit(0);
