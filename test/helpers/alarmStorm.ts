// An alarm storm as detectors make one: every smoke detector of a list reports `alarm: true` at once (QoS 1),
// then again every `repeatMs`, as a detector in alarm keeps doing until it is reset.
import mqtt from 'mqtt';

export interface Storm { rounds: () => number; stop(): Promise<void> }

export async function startAlarmStorm(brokerUrl: string, districtId: string, smokeIds: string[], repeatMs = 2000): Promise<Storm> {
  const client = await mqtt.connectAsync(brokerUrl, { clean: true, reconnectPeriod: 500 });
  let rounds = 0;
  let stopped = false;
  const round = async () => {
    rounds++;
    await Promise.all(smokeIds.map((id) => client.publishAsync(`twin/${districtId}/dev/${id}/telemetry`, '{"readings":{"alarm":true}}', { qos: 1 })));
  };
  const loop = (async () => { while (!stopped) { const t = Date.now(); await round().catch(() => {}); await new Promise((r) => setTimeout(r, Math.max(0, repeatMs - (Date.now() - t)))); } })();
  return { rounds: () => rounds, stop: async () => { stopped = true; await loop; await client.endAsync(); } };
}
