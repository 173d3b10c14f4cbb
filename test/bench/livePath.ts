// Reading in → CAP out, end to end through a real broker: an MQTT client publishes a reading and
// times until the CAP message for it arrives. Alternating 40 and 0 %LEL raises and closes an alarm
// each round, so every round produces exactly one CAP message (Alert, then Cancel after an ack).
import mqtt from 'mqtt';
import type { RunningTwin } from '../../sim-server/app';
import { summary } from './stats';

export async function benchLivePath(twin: RunningTwin, rounds: number) {
  const d = twin.loaded.district.id;
  const gas = twin.loaded.district.devices.filter((x) => x.type === 'gas').map((x) => x.id);
  const client = await mqtt.connectAsync(twin.mqttUrl);
  // Like a real gateway, send at once: otherwise Nagle holds each publish behind the previous PUBACK
  // and the figure measures the benchmark's socket (~40 ms), not the twin.
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  await client.subscribeAsync(`twin/${d}/cap`, { qos: 1 });
  let waiting: (() => void) | null = null;
  client.on('message', () => { waiting?.(); waiting = null; });
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = gas[i % gas.length]!;
    const raising = Math.floor(i / gas.length) % 2 === 0;
    if (!raising) {
      const open = twin.pipeline.core.openAlarms().find((a) => a.deviceId === id);
      if (open) twin.pipeline.acknowledge(open.id, 'bench');
    }
    // The ack above publishes its own CAP Update: let it pass before timing this round.
    await new Promise((r) => setTimeout(r, 5));
    const arrived = new Promise<void>((resolve) => { waiting = resolve; });
    const t0 = performance.now();
    await client.publishAsync(`twin/${d}/dev/${id}/telemetry`, JSON.stringify({ ts: Date.now(), readings: { gas_lel: raising ? 40 : 0 } }), { qos: 0 });
    await arrived;
    samples.push(performance.now() - t0);
  }
  await client.endAsync();
  return summary(samples);
}
