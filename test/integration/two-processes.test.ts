// Two sim-server processes with a real Redis (REDIS_URL) and a real Mosquitto (MQTT_URL), started here on free
// ports, each with a DATA_DIR of its own and one PostgreSQL shared, as the production layout has them. Rooms and
// matchmaking are shared: a drill created on A is joined through B. The live stream has one owner at a time: B
// stands by (its live routes answer 503 naming A, its live-room clients are sent to A), and when A is killed
// mid-storm B takes the stream over from the shared live log in the database: every detector's alarm is there
// exactly once, none lost, none raised twice. People, sessions and scenarios are the database's: a login on one
// process is known to the other at once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { Redis as RedisClient } from 'ioredis';
import mqtt from 'mqtt';
import pg from 'pg';
import { freshDatabaseUrl } from '../helpers/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import { PROTOCOL_VERSION } from '../../twin-assets/protocol';
import { startAlarmStorm } from '../helpers/alarmStorm';
import { joinLive } from '../helpers/liveClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { startDeployNginx, type Nginx } from '../helpers/nginx';
import { until } from '../helpers/mqttProbe';
import { freePort } from '../helpers/ports';
import { startRedis, type Redis } from '../helpers/redis';
import { killGroup, spawnScript, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { OPERATOR_TOKEN, TRAINER_TOKEN } from '../helpers/twin';

interface Twin { name: string; proc: ServerProcess; url: string; port: number; address: string; database: string }
type Health = { live: 'owner' | 'standby'; liveOwner?: string | null };

/** A and B on one Redis, one broker and one database, each with its own DATA_DIR; A starts first, so A owns the
 * live stream. Clients reach each at its port, or, with `proxyPort`, through deploy/nginx.conf at /a and /b as in
 * production. */
async function startPair(redis: Redis, mosquitto: Mosquitto, extra: Record<string, string> = {}, proxyPort?: number): Promise<Twin[]> {
  // One database for both, as deploy/ gives them.
  const database = await freshDatabaseUrl();
  const twins: Twin[] = [];
  for (const name of ['a', 'b']) {
    const port = await freePort();
    const address = proxyPort ? `127.0.0.1:${proxyPort}/${name}` : `127.0.0.1:${port}`;
    const proc = await startServerProcess({
      PORT: String(port), HOST: '127.0.0.1', EMULATORS: 'off', REDIS_URL: redis.url, MQTT_URL: mosquitto.url, PUBLIC_ADDRESS: address,
      DATA_DIR: mkdtempSync(join(tmpdir(), `twin-${name}-`)), DATABASE_URL: database, TRAINER_TOKEN, OPERATOR_TOKEN, ...extra,
    }, 120_000);
    twins.push({ name, proc, url: `http://127.0.0.1:${port}/`, port, address, database });
  }
  return twins;
}
const stopAll = async (twins: Twin[]) => { for (const t of twins) { killGroup(t.proc.child, 'SIGTERM'); await t.proc.exit; } };
const metric = async (t: Twin, name: string, labels: Record<string, string> = {}) => metricValue(await (await fetch(`${t.url}metrics`, SCRAPE)).text(), name, labels);
const health = async (t: Twin) => (await (await fetch(`${t.url}api/health`)).json()) as Health;

describe('two processes (REDIS_URL + MQTT_URL)', () => {
  let redis: Redis;
  let mosquitto: Mosquitto;
  beforeAll(async () => { redis = await startRedis(); mosquitto = await startMosquitto(); });
  afterAll(async () => { await redis?.stop(); await mosquitto?.stop(); });

  describe('the bundled district, behind deploy/nginx.conf', () => {
    let twins: Twin[] = [];
    let proxy: Nginx;
    let plainPort: number;
    beforeAll(async () => {
      // The proxy serves HTTPS with a certificate made for this test: this process (a vitest fork of its own)
      // does not check it, as a browser would after its user accepted it once.
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      const proxyPort = await freePort();
      plainPort = await freePort();
      twins = await startPair(redis, mosquitto, {}, proxyPort);
      proxy = await startDeployNginx(proxyPort, { a: `127.0.0.1:${twins[0]!.port}`, b: `127.0.0.1:${twins[1]!.port}` }, plainPort);
    }, 300_000);
    afterAll(async () => { await proxy?.stop(); await stopAll(twins); });

    it('a client matchmaking on B joins a drill living on A, and a client on A sees the same drill', async () => {
      const [a, b] = twins as [Twin, Twin];
      const res = await fetch(`${a.url}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'gas-leak-elderly-kitchen', seed: 1 }) });
      expect(res.status).toBe(201);
      const { drillId, roomId, code } = await res.json() as { drillId: string; roomId: string; code: string };

      // Guests with the drill's join code: the code is checked where the drill lives (A), whichever process matchmade.
      // Each client matchmakes on one process (through the proxy's /a and /b, over TLS) and is sent to A's address.
      const viaB = await new Client(`${proxy.url.replace(/^https/, 'wss')}b`).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'commander', name: '张指挥', code });
      const viaA = await new Client(`${proxy.url.replace(/^https/, 'wss')}a`).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'grid_worker', name: '刘芳', code });
      for (const r of [viaA, viaB]) for (const m of ['welcome', 'error', 'done', 'notice']) r.onMessage(m, () => {});
      const names = (r: typeof viaA) => Object.values((r.state as { toJSON(): { players?: Record<string, { name: string }> } }).toJSON().players ?? {}).map((p) => p.name).sort();
      await until(() => names(viaA).length === 2 && names(viaB).length === 2, 30_000, 'both players in both clients\' state');
      expect(names(viaB)).toEqual(['刘芳', '张指挥']);
      expect((viaB.state as { drillId: string }).drillId).toBe(drillId);
      // Both sockets are on A, where the drill lives; B only matchmade.
      expect(await metric(a, 'twin_room_clients', { room: 'drill' })).toBe(2);
      expect(await metric(b, 'twin_room_clients', { room: 'drill' })).toBe(0);
      await viaA.leave(); await viaB.leave();
      expect(a.proc.out.stdout).toContain(`shared through Redis (${redis.url}); clients reach rooms here at ${a.address}`);
    }, 120_000);

    it('A owns the live stream and B stands by: B sends live routes and live-room clients to A', async () => {
      const [a, b] = twins as [Twin, Twin];
      expect(await health(a)).toMatchObject({ live: 'owner' });
      expect(await health(b)).toMatchObject({ live: 'standby', liveOwner: a.address });
      expect(b.proc.out.stdout).toContain(`live: standing by; the live stream of 锦河街道示范片区 is owned by ${a.address}`);
      const refused = await fetch(`${b.url}api/alarms`);
      expect(refused.status).toBe(503);
      const refusedBefore = await metric(b, 'twin_http_refused_total', { reason: 'standby' });
      expect(refused.headers.get('x-live-owner')).toBe(a.address);
      expect(((await refused.json()) as { error: string }).error).toBe(`the live twin runs on ${a.address} now; this process stands by (ask there, or through the reverse proxy)`);
      expect(refusedBefore).toBe(1);
      // Drills, the district and the scenarios are served by both.
      expect((await fetch(`${b.url}api/scenarios`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).status).toBe(200);
      expect((await fetch(`${a.url}api/alarms`)).status).toBe(200);

      // Another process's health check that A answered late strikes A's rooms off the shared list: A lists its
      // live room again, or operators joining through B would find no live room at all.
      const shared = new RedisClient(redis.url);
      const listed = async () => Object.values(await shared.hgetall('roomcaches')).map((r) => JSON.parse(r) as { roomId: string; name: string }).filter((r) => r.name === 'live');
      const [liveRoom] = await listed();
      await shared.hdel('roomcaches', liveRoom!.roomId);
      // Listed again, and A says so (its log line may reach us after Redis shows the listing).
      await until(async () => (await listed()).length === 1 && a.proc.out.stdout.includes('live: the live room had been struck off'), 30_000, 'the live room listed again');
      shared.disconnect();
      expect(a.proc.out.stdout).toContain('live: the live room had been struck off the shared room list');
      const live = await joinLive(`${proxy.url}b/`, { role: 'observer', name: '观察员', token: OPERATOR_TOKEN });
      await live.welcome;
      expect(await metric(a, 'twin_room_clients', { room: 'live' })).toBe(1);
      expect(await metric(b, 'twin_room_clients', { room: 'live' })).toBe(0);
      expect(await metric(a, 'twin_live_owner')).toBe(1);
      expect(await metric(b, 'twin_live_owner')).toBe(0);
      await live.leave();
    }, 120_000);

    it('through the proxy every live request is answered by the owner, and each process is reached at /a and /b', async () => {
      const [a, b] = twins as [Twin, Twin];
      const refused = async () => (await metric(b, 'twin_http_refused_total', { reason: 'standby' }))!;
      const before = await refused();
      // Over TLS only: plain HTTP says where HTTPS is; answers carry HSTS and the session cookie is Secure.
      const plain = await fetch(`http://127.0.0.1:${plainPort}/api/health`, { redirect: 'manual' });
      expect([plain.status, plain.headers.get('location')]).toEqual([301, expect.stringMatching(/^https:\/\/127\.0\.0\.1(:\d+)?\/api\/health$/)]);
      expect(proxy.url).toMatch(/^https:/);
      const login = await fetch(`${proxy.url}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin-test-password' }) });
      expect(login.status).toBe(200);
      expect(login.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(login.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(login.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      // The metrics are not the street's: not through the public address.
      expect((await fetch(`${proxy.url}metrics`, SCRAPE)).status).toBe(404);
      // nginx takes turns; whenever it asks B first, B's 503 sends the request on to A: never a 503 out.
      for (let i = 0; i < 6; i++) expect((await fetch(`${proxy.url}api/alarms`)).status).toBe(200);
      // POSTs too: B refused it before doing anything, so asking A is safe. A answers 404 for no such alarm.
      for (let i = 0; i < 4; i++) {
        const ack = await fetch(`${proxy.url}api/alarms/no-such-alarm/ack`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
        expect(ack.status).toBe(404);
      }
      expect(await refused()).toBeGreaterThan(before);
      expect((await (await fetch(`${proxy.url}a/api/health`)).json())).toMatchObject({ live: 'owner' });
      expect((await (await fetch(`${proxy.url}b/api/health`)).json())).toMatchObject({ live: 'standby', liveOwner: a.address });
      expect(await (await fetch(`${proxy.url}b/metrics`, SCRAPE)).text()).toContain('twin_live_owner 0');
      // A drill created through the proxy is joined through it, on the process it lives on.
      const res = await fetch(`${proxy.url}api/drills`, { method: 'POST', headers: { authorization: `Bearer ${TRAINER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'flood-underpass', seed: 2 }) });
      expect(res.status).toBe(201);
      const { roomId, code } = await res.json() as { roomId: string; code: string };
      const room = await new Client(proxy.url.replace(/^http/, 'ws').replace(/\/$/, '')).joinById(roomId, { protocol: PROTOCOL_VERSION, role: 'commander', name: '王队长', code });
      for (const m of ['welcome', 'error', 'done', 'notice']) room.onMessage(m, () => {});
      await until(() => Object.keys((room.state as { toJSON(): { players?: object } }).toJSON().players ?? {}).length === 1, 30_000, 'the commander in the drill');
      expect((await metric(a, 'twin_room_clients', { room: 'drill' }))! + (await metric(b, 'twin_room_clients', { room: 'drill' }))!).toBe(1);
      await room.leave();
    }, 120_000);

    it('people, sessions, the audit log and scenarios are the database\'s: what one process records the other knows at once', async () => {
      const [a, b] = twins as [Twin, Twin];
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${a.url}api/session`, { method: 'POST', headers: json, body: JSON.stringify({ login: 'admin', password: 'admin-test-password' }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      // The session opened on A is known on B the moment A has answered.
      const me = await fetch(`${b.url}api/session`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { login: string }).login).toBe('admin');
      // A person made on B logs in on A; a token made on A works on B.
      const made = await fetch(`${b.url}api/users`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ login: 'wangfang', name: '王芳', roles: ['trainer'], password: 'wangfang-password-1' }) });
      expect(made.status).toBe(201);
      const hers = await fetch(`${a.url}api/session`, { method: 'POST', headers: json, body: JSON.stringify({ login: 'wangfang', password: 'wangfang-password-1' }) });
      expect(hers.status).toBe(200);
      const herCookie = hers.headers.get('set-cookie')!.split(';')[0]!;
      const token = await fetch(`${a.url}api/tokens`, { method: 'POST', headers: { ...json, cookie: herCookie }, body: JSON.stringify({ label: 'editor' }) });
      expect(token.status).toBe(201);
      const bearer = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
      // A scenario saved on B with her token is listed on A.
      const template = (await (await fetch(`${b.url}api/scenarios/gas-leak-elderly-kitchen`, { headers: bearer })).json()) as { yaml: string };
      const saved = await fetch(`${b.url}api/scenarios/shared-gas-leak`, { method: 'PUT', headers: { ...bearer, 'content-type': 'application/yaml' }, body: template.yaml.replace('id: gas-leak-elderly-kitchen', 'id: shared-gas-leak') });
      expect(saved.status).toBe(201);
      const listed = (await (await fetch(`${a.url}api/scenarios`, { headers: bearer })).json()) as { id: string; version: number }[];
      expect(listed.find((s) => s.id === 'shared-gas-leak')).toMatchObject({ version: 1 });
      // Both processes' audit entries are in the one log, read from either.
      const audit = (await (await fetch(`${a.url}api/audit?login=admin`, { headers: { cookie } })).json()) as { entries: { action: string; target?: string }[] };
      expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['session.login', 'people.manage']));
      const hersAudited = (await (await fetch(`${b.url}api/audit?login=wangfang`, { headers: { cookie } })).json()) as { entries: { action: string; target?: string }[] };
      expect(hersAudited.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['session.login', 'tokens.own', 'scenarios.write']));
    }, 120_000);

    it('an owner stopped with SIGTERM hands the lease back on its way out, and B carries on the live stream', async () => {
      const [a, b] = twins as [Twin, Twin];
      killGroup(a.proc.child, 'SIGTERM');
      expect(await a.proc.exit).toBe(0);
      // Handed back, not left to lapse: the moment A is gone the lease is free, or already B's.
      const shared = new RedisClient(redis.url);
      const holder = await shared.get('street-twin:live:jinhe');
      shared.disconnect();
      expect(holder === null || holder.startsWith(`${b.address} `)).toBe(true);
      await until(async () => (await health(b)).live === 'owner', 30_000, 'B owning the live stream');
      // A reading now raises its alarm on B, announced on the broker.
      const probe = await mqtt.connectAsync(mosquitto.url);
      const announced: string[] = [];
      probe.on('message', (_t, p) => { if (p.length) announced.push((JSON.parse(String(p)) as { deviceId: string }).deviceId); });
      await probe.subscribeAsync('twin/jinhe/alarm/+', { qos: 1 });
      await probe.publishAsync('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }), { qos: 1 });
      await until(() => announced.includes('gas-a1-301'), 30_000, 'the gas alarm announced by B');
      await probe.endAsync();
      const open = (await (await fetch(`${b.url}api/alarms`)).json()) as { deviceId: string }[];
      expect(open.map((x) => x.deviceId)).toContain('gas-a1-301');
    }, 120_000);
  });

  it('refuses to start, in one line, when REDIS_URL cannot be reached', async () => {
    const closed = await freePort();
    const proc = spawnScript('sim-server/main.ts', [], { PORT: String(await freePort()), HOST: '127.0.0.1', EMULATORS: 'off', MQTT_URL: mosquitto.url, REDIS_URL: `redis://127.0.0.1:${closed}`, DATABASE_URL: await freshDatabaseUrl(), DATA_DIR: mkdtempSync(join(tmpdir(), 'twin-c-')) });
    expect(await proc.exit).not.toBe(0);
    expect(proc.out.stderr.trim().split('\n')).toHaveLength(1);
    expect(proc.out.stderr).toMatch(new RegExp(`REDIS_URL="redis://127.0.0.1:${closed}" cannot be reached .*: start Redis, or unset REDIS_URL`));
  }, 60_000);

  describe('the full street: killing the owner mid-storm', () => {
    const street = generateStreet(1);
    let twins: Twin[] = [];
    beforeAll(async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
      writeFileSync(file, JSON.stringify(street));
      twins = await startPair(redis, mosquitto, { DISTRICT: file });
    }, 300_000);
    afterAll(async () => stopAll(twins));

    it('B takes the live stream over; each of 1,000 detectors has one alarm, none lost, none raised twice', async () => {
      const [a, b] = twins as [Twin, Twin];
      expect(await health(a)).toMatchObject({ live: 'owner' });
      // Every alarm announced, by whichever process: its id per device, from the retained alarm topics.
      const watcher = await mqtt.connectAsync(mosquitto.url, { clean: true });
      const announced = new Map<string, Set<string>>();
      watcher.on('message', (_t, p) => {
        if (p.length === 0) return;
        const alarm = JSON.parse(String(p)) as { id: string; deviceId: string };
        (announced.get(alarm.deviceId) ?? announced.set(alarm.deviceId, new Set()).get(alarm.deviceId)!).add(alarm.id);
      });
      await watcher.subscribeAsync(`twin/${street.id}/alarm/+`, { qos: 1 });
      const smoke = street.devices.filter((d) => d.type === 'smoke').slice(0, 1000).map((d) => d.id);
      const storm = await startAlarmStorm(mosquitto.url, street.id, smoke);
      try {
        await until(() => announced.size >= 300, 60_000, 'A announcing the first 300 alarms');
        const killedAt = Date.now();
        killGroup(a.proc.child, 'SIGKILL');
        await a.proc.exit;
        const before = announced.size;
        expect(before).toBeLessThan(1000);
        await until(async () => (await health(b)).live === 'owner', 30_000, 'B owning the live stream');
        // How long it took is a figure, printed below, not a pass mark: under load it passed 10 s (10,282 ms seen with a
        // busy loop beside the suite) while nothing was lost — what this test is for.
        const takeoverMs = Date.now() - killedAt;
        await until(() => announced.size === 1000, 90_000, `an alarm for each of the 1,000 detectors (${announced.size} so far)`);
        // None raised twice: each detector's alarm is one alarm, whether A or B announced it.
        const twice = [...announced].filter(([, ids]) => ids.size !== 1);
        expect(twice).toEqual([]);
        const open = (await (await fetch(`${b.url}api/alarms`)).json()) as { id: string; deviceId: string }[];
        expect(open.length).toBe(1000);
        expect(new Set(open.map((x) => x.id))).toEqual(new Set([...announced.values()].map((ids) => [...ids][0]!)));
        expect(b.proc.out.stdout).toMatch(/live: taking over from the shared live log: a snapshot of \S+ and \d+ record\(s\) after it/);
        expect(b.proc.out.stdout).toMatch(/journal: \d+ record\(s\) read/);
        // The history both share has every alarm, whichever process raised it (A's last records from the journal).
        const history = new pg.Client({ connectionString: twins[0]!.database });
        await history.connect();
        try {
          await until(async () => (await history.query('select count(*)::int as n from alarms')).rows[0].n === 1000, 60_000, 'every alarm in the shared history');
        } finally { await history.end(); }
        const bMetrics = await (await fetch(`${b.url}metrics`, SCRAPE)).text();
        expect(metricValue(bMetrics, 'twin_live_takeovers_total')).toBe(1);
        expect(['I', 'II', 'III', 'IV'].reduce((n, level) => n + (metricValue(bMetrics, 'twin_alarms_open', { level }) ?? 0), 0)).toBe(1000);
        console.log(`two-processes: ${before} alarms announced by A before the kill; B took over ${takeoverMs} ms after it`);
      } finally {
        await storm.stop();
        await watcher.endAsync();
      }
    }, 300_000);
  });
});
