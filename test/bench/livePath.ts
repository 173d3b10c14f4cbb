// Reading in → CAP out, end to end through a real broker: an MQTT client publishes a smoke detector's
// alarm and times until that detector's CAP Alert arrives; then acknowledges it, publishes the
// all-clear and times the CAP Cancel. Messages are matched by device and type, since neighbours'
// regrades publish Updates in between. Meanwhile staff watch the live room (each page its own scope's view),
// and the operator acknowledges over HTTP with her personal token: sessions and scopes checked as in use.
import mqtt from 'mqtt';
import type { RunningTwin } from '../../sim-server/app';
import { joinLive } from '../helpers/liveClient';
import { addPerson } from '../helpers/people';
import { summary } from './stats';

export async function benchLivePath(twin: RunningTwin, rounds: number) {
  const d = twin.loaded.district.id;
  const smoke = twin.loaded.district.devices.filter((x) => x.type === 'smoke').map((x) => x.id);
  const client = await mqtt.connectAsync(twin.mqttUrl);
  // Like a real gateway, send at once: otherwise Nagle holds each publish behind the previous PUBACK
  // and the figure measures the benchmark's socket (~40 ms), not the twin.
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  await client.subscribeAsync(`twin/${d}/cap`, { qos: 1 });
  const operator = await addPerson(twin.httpUrl, ['operator'], { name: '值班员' });
  const courtyard = twin.loaded.district.courtyards[0]!.id;
  const watchers = await Promise.all([
    joinLive(twin.httpUrl, { role: 'observer', name: 'x' }, operator.cookie),
    joinLive(twin.httpUrl, { role: 'observer', name: 'x' }, (await addPerson(twin.httpUrl, ['community'], { scope: { courtyardIds: [courtyard] } })).cookie),
    joinLive(twin.httpUrl, { role: 'observer', name: 'x' }, (await addPerson(twin.httpUrl, ['viewer'])).cookie),
  ]);
  let waiting: { deviceId: string; msgType: string; resolve: () => void } | null = null;
  client.on('message', (_t, payload) => {
    const xml = payload.toString();
    if (waiting && xml.includes(`<value>${waiting.deviceId}</value>`) && xml.includes(`<msgType>${waiting.msgType}</msgType>`)) { waiting.resolve(); waiting = null; }
  });
  const timed = async (deviceId: string, msgType: string, readings: Record<string, boolean>) => {
    const arrived = new Promise<void>((resolve) => { waiting = { deviceId, msgType, resolve }; });
    const t0 = performance.now();
    await client.publishAsync(`twin/${d}/dev/${deviceId}/telemetry`, JSON.stringify({ ts: Date.now(), readings }), { qos: 0 });
    await arrived;
    return performance.now() - t0;
  };
  const raise: number[] = [];
  const clear: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = smoke[i % smoke.length]!;
    raise.push(await timed(id, 'Alert', { alarm: true }));
    const open = twin.pipeline.core.openAlarms().find((a) => a.deviceId === id);
    if (open) await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(open.id)}/ack`, { method: 'POST', headers: { authorization: `Bearer ${operator.token}` } });
    clear.push(await timed(id, 'Cancel', { alarm: false }));
  }
  await client.endAsync();
  for (const w of watchers) await w.leave();
  return { alert: summary(raise), cancel: summary(clear) };
}

/** 1,000 alarms published within about a second: until the last of their CAP Alerts is out. */
export async function benchFlood(twin: RunningTwin, alarms = 1000) {
  const d = twin.loaded.district.id;
  const smoke = twin.loaded.district.devices.filter((x) => x.type === 'smoke').slice(-alarms).map((x) => x.id);
  const client = await mqtt.connectAsync(twin.mqttUrl);
  await client.subscribeAsync(`twin/${d}/cap`, { qos: 1 });
  let alerts = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => { done = r; });
  client.on('message', (_t, p) => { if (p.includes('<msgType>Alert</msgType>') && ++alerts === smoke.length) done(); });
  const t0 = performance.now();
  for (let i = 0; i < smoke.length; i++) {
    client.publish(`twin/${d}/dev/${smoke[i]}/telemetry`, JSON.stringify({ readings: { alarm: true } }), { qos: 1 });
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 40));
  }
  const sentMs = Math.round(performance.now() - t0);
  await all;
  const lastAlertMs = Math.round(performance.now() - t0);
  await client.endAsync();
  return { alarms: smoke.length, publishedWithinMs: sentMs, lastCapAlertAfterMs: lastAlertMs };
}
