// The load generator for the ChirpStack bench, in a process of its own: N uplinks (QoS 1) from a district's gas
// detectors, as fast as one MQTT connection takes them with a bounded window, either as ChirpStack v4 UplinkEvents
// (bytes only, street-twin v1 gas frames for the model's codec) or as the same readings on the native topics.
// Prints one JSON line.
//   node --import tsx test/bench/chirpstackPublisher.ts <brokerUrl> <district.json> <N> chirpstack|native <applicationId>
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { publishWindowed } from './windowedPublish';

const [url, districtFile, n, mode, app] = process.argv.slice(2);
const N = Number(n);
const district = JSON.parse(readFileSync(districtFile!, 'utf8')) as { id: string; devices: { id: string; type: string; externalId?: string | null }[] };
const gas = district.devices.filter((d) => d.type === 'gas');
const client = await mqtt.connectAsync(url!, { clean: true });
const ts0 = Date.now();
const result = await publishWindowed(client, N, (i) => {
  const dev = gas[i % gas.length]!;
  const seq = Math.floor(i / gas.length) + 1;
  const lel10 = (i * 7) % 40; // 0–3.9 %LEL: quiet air
  return mode === 'chirpstack'
    ? [`application/${app}/device/${dev.externalId}/event/up`, JSON.stringify({ deduplicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, time: new Date(ts0 + seq).toISOString(), deviceInfo: { applicationId: app, devEui: dev.externalId, deviceName: dev.id }, fCnt: seq, fPort: 10, data: Buffer.from([1, lel10 >> 8, lel10 & 255]).toString('base64') })]
    : [`twin/${district.id}/dev/${dev.id}/telemetry`, `{"ts":${ts0 + seq},"seq":${seq},"readings":{"gas_lel":${lel10 / 10}}}`];
});
await client.endAsync();
console.log(JSON.stringify(result));
process.exit(0);
