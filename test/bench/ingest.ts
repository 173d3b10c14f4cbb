// Sustained readings into the twin through a real broker, and publish → twin state latency. The
// whole district's devices report as fast as a set of publishers can send (quiet readings: no alarms).
import mqtt from 'mqtt';
import type { RunningTwin } from '../../sim-server/app';
import { baselineReading } from '../../device-emulators/baseline';
import { seededRng } from '../../twin-assets/random';
import { summary } from './stats';

export async function benchIngest(twin: RunningTwin, seconds: number) {
  const d = twin.loaded.district;
  const rng = seededRng(5);
  // Each device's quiet reading, drawn once: fresh noise on back-to-back readings would look like a rising
  // temperature to the rate-of-rise rule and raise alarms a quiet street does not have.
  const bodies = d.devices.map((dev) => ({ topic: `twin/${d.id}/dev/${dev.id}/telemetry`, type: dev.type, readings: baselineReading(dev.type, rng) }));
  const publishers = await Promise.all([0, 1].map(() => mqtt.connectAsync(twin.mqttUrl)));
  const accepted = () => twin.metrics.readingsAccepted.get().then((m) => m.values.reduce((n, v) => n + v.value, 0));
  const start = await accepted();
  const t0 = performance.now();
  let sent = 0;
  let seq = 0;
  // Keep the broker busy but not buried: pace by what the twin has taken.
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 500; k++) {
      const b = bodies[(sent + k) % bodies.length]!;
      publishers[k % 2]!.publish(b.topic, JSON.stringify({ seq: ++seq, readings: b.readings }), { qos: 0 });
    }
    sent += 500;
    while (sent - ((await accepted()) - start) > 5000) await new Promise((r) => setTimeout(r, 5));
  }
  while ((await accepted()) - start < sent && performance.now() - t0 < (seconds + 10) * 1000) await new Promise((r) => setTimeout(r, 20));
  const elapsed = (performance.now() - t0) / 1000;
  const taken = (await accepted()) - start;

  // Latency: one reading at a time, until the twin's state shows it.
  const latencies: number[] = [];
  const probe = d.devices[0]!;
  for (let i = 0; i < 300; i++) {
    const s = 10_000_000 + i;
    const t = performance.now();
    publishers[0]!.publish(`twin/${d.id}/dev/${probe.id}/telemetry`, JSON.stringify({ seq: s, readings: baselineReading(probe.type, rng) }), { qos: 0 });
    while (twin.pipeline.core.devices.get(probe.id)?.lastSeq !== s) await new Promise((r) => setImmediate(r));
    latencies.push(performance.now() - t);
  }
  await Promise.all(publishers.map((p) => p.endAsync()));
  return { devices: d.devices.length, readings: taken, seconds: Math.round(elapsed * 10) / 10, perSecond: Math.round(taken / elapsed), publishToStateMs: summary(latencies) };
}
