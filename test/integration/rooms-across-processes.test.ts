// Two sim-server processes share rooms and matchmaking through a real Redis (REDIS_URL): a drill created on
// A is joined by a client that matchmakes on B (sent on to A's public address), and clients on each see the
// same drill. Without REDIS_URL every other test runs today's single process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../twin-assets/protocol';
import { metricValue } from '../helpers/metrics';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { startRedis, type Redis } from '../helpers/redis';
import { killGroup, spawnScript, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { OPERATOR_TOKEN, TRAINER_TOKEN } from '../helpers/twin';

describe('rooms across processes (REDIS_URL)', () => {
  let redis: Redis;
  const servers: { proc: ServerProcess; url: string; port: number }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const proc = await startServerProcess({
        PORT: String(port), MQTT_PORT: '0', HOST: '127.0.0.1', EMULATORS: 'off', REDIS_URL: redis.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        DATA_DIR: mkdtempSync(join(tmpdir(), `twin-${name}-`)), TRAINER_TOKEN, OPERATOR_TOKEN, MQTT_CLIENT_ID: `street-twin-${name}-${process.pid}`,
      }, 90_000);
      servers.push({ proc, url: `http://127.0.0.1:${port}/`, port });
    }
  }, 200_000);
  afterAll(async () => {
    for (const s of servers) { killGroup(s.proc.child, 'SIGTERM'); await s.proc.exit; }
    await redis?.stop();
  });

  it('a client matchmaking on B joins a drill living on A, and a client on A sees the same drill', async () => {
    const [a, b] = servers as [typeof servers[0], typeof servers[0]];
    const res = await fetch(`${a.url}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen', seed: 1 }) });
    expect(res.status).toBe(201);
    const { drillId, roomId } = await res.json() as { drillId: string; roomId: string };

    const viaB = await new Client(`ws://127.0.0.1:${b.port}`).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'commander', name: '张指挥' });
    const viaA = await new Client(`ws://127.0.0.1:${a.port}`).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'grid_worker', name: '刘芳' });
    for (const r of [viaA, viaB]) for (const m of ['welcome', 'error', 'done', 'notice']) r.onMessage(m, () => {});
    const names = (r: typeof viaA) => Object.values((r.state as { toJSON(): { players?: Record<string, { name: string }> } }).toJSON().players ?? {}).map((p) => p.name).sort();
    await until(() => names(viaA).length === 2 && names(viaB).length === 2, 30_000, 'both players in both clients\' state');
    expect(names(viaB)).toEqual(['刘芳', '张指挥']);
    expect((viaB.state as { drillId: string }).drillId).toBe(drillId);
    // Both sockets are on A, where the drill lives; B only matchmade.
    const clients = async (s: typeof a) => metricValue(await (await fetch(`${s.url}metrics`)).text(), 'twin_room_clients', { room: 'drill' });
    expect(await clients(a)).toBe(2);
    expect(await clients(b)).toBe(0);
    await viaA.leave(); await viaB.leave();
    expect(a.proc.out.stdout).toContain(`shared through Redis (${redis.url}); clients reach rooms here at 127.0.0.1:${a.port}`);
  }, 120_000);

  it('refuses to start, in one line, when REDIS_URL cannot be reached', async () => {
    const closed = await freePort();
    const proc = spawnScript('sim-server/main.ts', [], { PORT: String(await freePort()), MQTT_PORT: '0', HOST: '127.0.0.1', EMULATORS: 'off', REDIS_URL: `redis://127.0.0.1:${closed}`, DATA_DIR: mkdtempSync(join(tmpdir(), 'twin-c-')) });
    expect(await proc.exit).not.toBe(0);
    expect(proc.out.stderr.trim().split('\n')).toHaveLength(1);
    expect(proc.out.stderr).toMatch(new RegExp(`REDIS_URL="redis://127.0.0.1:${closed}" cannot be reached .*: start Redis, or unset REDIS_URL`));
  }, 60_000);
});
