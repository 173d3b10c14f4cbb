// An alarm storm from a process of its own: N smoke detectors report `alarm: true` within one second (QoS 1).
//   node --import tsx test/bench/stormProcess.ts <brokerUrl> <districtId> <id,id,…>
import mqtt from 'mqtt';

const [url, districtId, ids] = process.argv.slice(2) as [string, string, string];
const smoke = ids.split(',');
const client = await mqtt.connectAsync(url, { clean: true });
const t0 = performance.now();
// Ten bursts 100 ms apart: the storm spans the second as detectors in a burning block would.
for (let b = 0; b < 10; b++) {
  const burst = smoke.slice((b * smoke.length) / 10, ((b + 1) * smoke.length) / 10);
  await Promise.all(burst.map((id) => client.publishAsync(`twin/${districtId}/dev/${id}/telemetry`, '{"readings":{"alarm":true}}', { qos: 1 })));
  await new Promise((r) => setTimeout(r, Math.max(0, (b + 1) * 100 - (performance.now() - t0))));
}
const ms = Math.round(performance.now() - t0);
await client.endAsync();
console.log(JSON.stringify({ published: smoke.length, withinMs: ms }));
process.exit(0);
