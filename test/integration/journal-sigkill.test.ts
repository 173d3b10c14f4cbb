// The journal against a real crash: the server process is killed with SIGKILL in the middle of an
// alarm storm; after a restart on the same DATA_DIR, no transition that anyone was told of is lost.
import { once, type EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import type { AlarmJson } from '../../twin-assets/protocol';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';

const TOKEN = 'operator-sigkill-token';

describe('journal: SIGKILL in an alarm storm', () => {
  const servers: ServerProcess[] = [];
  afterAll(() => { for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL'); });

  it('loses no transition that was published or answered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigkill-'));
    const districtFile = join(dir, 'street.json');
    const district = generateStreet(1);
    writeFileSync(districtFile, JSON.stringify(district));
    const [port, mqttPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), MQTT_PORT: String(mqttPort), DISTRICT: districtFile, EMULATORS: 'off', DATA_DIR: join(dir, 'data'), OPERATOR_TOKEN: TOKEN };
    const first = await startServerProcess(env, 120_000);
    servers.push(first);
    const base = `http://127.0.0.1:${port}`;

    // What anyone was told: alarm JSON on MQTT, and acknowledgements answered 200.
    const told = new Map<string, AlarmJson>();
    const probe = await MqttProbe.connect(`mqtt://127.0.0.1:${mqttPort}`, ['twin/street/alarm/+']);
    probe.client.on('message', (_t, payload) => { if (payload.length) { const a = JSON.parse(payload.toString()) as AlarmJson; told.set(a.id, a); } });
    const acked = new Map<string, string>();
    const smoke = district.devices.filter((d) => d.type === 'smoke').slice(0, 1500).map((d) => d.id);

    let storming = true;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => { stop = r; });
    // Paced by the socket, not by the clock: every tenth reading waits until it is written out (a killed
    // broker's socket never drains, so the wait also ends when the storm is called off).
    const storm = (async () => {
      for (let i = 0; storming && i < smoke.length; i++) {
        const sent = new Promise<void>((r) => probe.client.publish(`twin/street/dev/${smoke[i]}/telemetry`, JSON.stringify({ readings: { alarm: true } }), { qos: 0 }, () => r()));
        if (i % 10 === 0) await Promise.race([sent, stopped]);
      }
    })();
    const acking = (async () => {
      let n = 0;
      while (storming) {
        const candidates = [...told.values()].filter((a) => a.state === 'active_unacked' && !acked.has(a.id)).slice(0, 5);
        await Promise.all(candidates.map(async (a) => {
          // Whoever the body names, the acknowledger is the credential's: the operator's machine credential.
          const res = await fetch(`${base}/api/alarms/${encodeURIComponent(a.id)}/ack`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ by: `op-${++n}` }) }).catch(() => null);
          if (res?.status === 200) acked.set(a.id, 'service operator');
        }));
        // then the next alarm anyone is told of (or the end of the storm), not a fixed pause
        await Promise.race([once(probe.client as unknown as EventEmitter, 'message').catch(() => {}), stopped]); // a killed broker's reset is an 'error', not a failure here
      }
    })();

    // Kill in the thick of it: once plenty has been published and acknowledged, while more is on the way.
    await until(() => told.size >= 300 && acked.size >= 30, 180_000, 'the storm under way');
    first.child.kill('SIGKILL');
    expect(await first.signal).toBe('SIGKILL');
    storming = false;
    stop();
    await Promise.allSettled([storm, acking]);
    await probe.close().catch(() => {});
    console.log(`SIGKILL after ${told.size} alarms published and ${acked.size} acknowledgements answered`);
    expect(told.size).toBeGreaterThanOrEqual(300);
    expect(acked.size).toBeGreaterThanOrEqual(30);

    const second = await startServerProcess(env, 120_000);
    servers.push(second);
    expect(second.out.stdout).toMatch(/journal: \d+ record\(s\) read( behind a snapshot)?, \d+ open alarm\(s\) restored/);
    let lost = 0;
    for (const [id, seen] of told) {
      const res = await fetch(`${base}/api/alarms/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status !== 200) { lost++; continue; }
      const now = (await res.json()) as AlarmJson & { transitions: { to: string; by: string | null }[]; escalateAt: number | null };
      // Every state anyone saw is in the recovered history; every answered ack stands.
      expect(now.transitions.map((t) => t.to)).toContain(seen.state);
      if (acked.has(id)) expect(now).toMatchObject({ state: 'active_acked', ackedBy: acked.get(id) });
      if (now.state === 'active_unacked') expect(now.escalateAt).toBeGreaterThan(now.raisedAt);
    }
    expect(lost).toBe(0);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 480_000);
});
