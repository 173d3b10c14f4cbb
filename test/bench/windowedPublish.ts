// What the bench's load generators share: N QoS 1 publishes on one connection as fast as the broker takes them,
// with at most WINDOW unacknowledged at once; returns the one JSON line each prints.
import type { MqttClient } from 'mqtt';

const WINDOW = 2000;

export async function publishWindowed(client: MqttClient, n: number, message: (i: number) => [topic: string, body: string]) {
  let inflight = 0, acked = 0;
  let wake: (() => void) | null = null;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    while (inflight >= WINDOW) await new Promise<void>((r) => { wake = r; });
    inflight++;
    const [topic, body] = message(i);
    client.publish(topic, body, { qos: 1 }, () => {
      inflight--; acked++;
      if (wake && inflight < WINDOW / 2) { const w = wake; wake = null; w(); }
    });
  }
  while (acked < n) await new Promise<void>((r) => { wake = r; });
  const ms = performance.now() - t0;
  return { sent: n, acked, ms: Math.round(ms), perSecond: Math.round(n / (ms / 1000)) };
}
