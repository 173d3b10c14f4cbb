// One ACL table feeds both brokers: for each client role and each topic, Debian's Mosquitto configured from
// the table (mosquittoConfig.ts) and the embedded broker's check (brokerAcl.ts) give the same verdict. Mosquitto
// tells an MQTT 5 client a refused PUBLISH ("not authorized", 0x87), and delivers only what a client may read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe, mqttGrantsOf, type ClientRole, type MqttGrant } from '../../bridge/brokerAcl';
import { mosquittoFiles } from '../../bridge/mosquittoConfig';
import { freePort, spawnListening } from '../helpers/ports';

const DEVICES = ['gas-a1-301', 'smk-a3-101'];
const scope = { districtId: 'jinhe', isDevice: (id: string) => DEVICES.includes(id) };
// Who logs in, as which role (the user name is the client id with keys, as the configuration says).
const USERS: { user: string; role: ClientRole; grants?: Set<MqttGrant> }[] = [
  { user: 'gas-a1-301', role: 'device' }, { user: 'gw-1', role: 'gateway' }, { user: 'viewer-1', role: 'viewer' }, { user: 'chirpstack', role: 'network_server' },
  { user: 'operator', role: 'staff', grants: mqttGrantsOf(['operator']) }, { user: 'trainer', role: 'staff', grants: mqttGrantsOf(['trainer']) },
];
const TOPICS = [
  'twin/jinhe/dev/gas-a1-301/telemetry', 'twin/jinhe/dev/gas-a1-301/ack', 'twin/jinhe/dev/smk-a3-101/status', 'twin/jinhe/dev/not-a-device/telemetry',
  'twin/jinhe/dev/gas-a1-301/cmd', 'twin/jinhe/alarm/x', 'twin/jinhe/cap', 'twin/jinhe/notify/sms', 'twin/other/dev/gas-a1-301/telemetry',
  'drill/d1/jinhe/dev/gas-a1-301/telemetry', 'drill/d1/jinhe/cap',
  'application/7f3a/device/a840410000000101/event/up', 'application/7f3a/device/a840410000000101/command/down', 'application/7f3a/device/a840410000000101/event/up/x',
];
const PASSWORD = 'parity-password';

describe('one ACL table, two brokers', () => {
  let stop = async () => {};
  let url = '';
  const clients = new Map<string, MqttClient>();
  beforeAll(async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'acl-parity-'));
    const files = mosquittoFiles({
      districtId: 'jinhe', deviceIds: DEVICES, dir, port, host: '127.0.0.1',
      keys: USERS.filter((u) => u.role !== 'staff').map((u) => ({ clientId: u.user, key: PASSWORD, role: u.role as 'device' })),
      users: { twin: { username: 'street-twin', password: PASSWORD }, operator: PASSWORD, trainer: PASSWORD },
    });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    ({ stop } = await spawnListening('mosquitto', 'mosquitto', ['-c', join(dir, 'mosquitto.conf')], port));
    url = `mqtt://127.0.0.1:${port}`;
    for (const { user } of USERS) clients.set(user, await connectAsync(url, { clientId: user, username: user, password: PASSWORD, protocolVersion: 5, reconnectPeriod: 0 }));
  }, 60_000);
  afterAll(async () => { for (const c of clients.values()) await c.endAsync(true); await stop(); });

  it('Mosquitto lets each role publish exactly what the embedded broker lets it', async () => {
    const differ: string[] = [];
    for (const { user, role, grants } of USERS) for (const topic of TOPICS) {
      const allowed = await clients.get(user)!.publishAsync(topic, '{}', { qos: 1 }).then(() => true, (e: { code?: number }) => { if (e.code !== 0x87) throw e; return false; });
      if (allowed !== mayPublish(role, user, topic, scope, grants)) differ.push(`${user} → ${topic}: Mosquitto ${allowed}`);
    }
    expect(differ).toEqual([]);
  }, 120_000);

  // Mosquitto takes any subscription and delivers only what the user may read; the embedded broker refuses a
  // subscription that could match anything it may not. Both read a topic alike: each user subscribes to
  // everything, the twin publishes on every topic, then on one the user may read (QoS 1, in order: once it is
  // in, everything Mosquitto would deliver is).
  it('and read exactly the topics the embedded broker lets it subscribe to', async () => {
    const twin = await connectAsync(url, { clientId: 'street-twin', username: 'street-twin', password: PASSWORD, protocolVersion: 5, reconnectPeriod: 0 });
    const differ: string[] = [];
    for (const { user, role, grants } of USERS) {
      const c = clients.get(user)!;
      const got = new Set<string>();
      const last = role === 'device' ? `twin/jinhe/dev/${user}/cmd` : role === 'network_server' ? 'application/7f3a/device/a840410000000101/command/down' : 'twin/jinhe/cap';
      let done!: () => void;
      const marker = new Promise<void>((r) => { done = r; });
      const onMessage = (topic: string, payload: Buffer) => { if (String(payload) === 'end') done(); else got.add(topic); };
      c.on('message', onMessage);
      await c.subscribeAsync('#', { qos: 1 });
      for (const topic of TOPICS) await twin.publishAsync(topic, 'x', { qos: 1 });
      await twin.publishAsync(last, 'end', { qos: 1 });
      await marker;
      await c.unsubscribeAsync('#');
      c.off('message', onMessage);
      for (const topic of TOPICS) if (got.has(topic) !== maySubscribe(role, user, topic, scope, grants)) differ.push(`${user} ⇐ ${topic}: Mosquitto ${got.has(topic)}`);
    }
    await twin.endAsync();
    expect(differ).toEqual([]);
  }, 120_000);
});
