// The live twin's history through its HTTP API: alarms with who acknowledged them (paged, and the monthly CSV in
// zh-CN), a device's readings as minutes that survive a restart, and PostgreSQL stopped in the middle of an
// alarm storm — alarms still announced, actions refused naming the database, and nothing lost once it is back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import { generateStreet } from '../../twin-assets/generator/generateStreet';
import { startAlarmStorm } from '../helpers/alarmStorm';
import { freshDatabaseUrl } from '../helpers/database';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { addPerson, type TestPerson } from '../helpers/people';
import { createDatabase, startPostgres, type Postgres } from '../helpers/postgres';
import { startTestTwin } from '../helpers/twin';
import { startTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { yearOfAlarms } from '../bench/history';

const as = (p: TestPerson) => ({ headers: { authorization: `Bearer ${p.token}` } });
const T0 = Date.UTC(2026, 11, 1, 0, 0, 30);

describe('the live history', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'history-live-'));
  const clock = new ManualClock(T0);
  let database: string;
  let twin: RunningTwin;
  let operator: TestPerson;
  beforeAll(async () => {
    database = await freshDatabaseUrl();
    twin = await startTestTwin({ DATA_DIR: dataDir, DATABASE_URL: database }, { clock, tickMs: 3_600_000 });
    operator = await addPerson(twin.httpUrl, ['operator'], { name: '李敏' });
  });
  afterAll(async () => { await twin?.stop(); });

  it('keeps each alarm with who acknowledged it, pages by cursor and exports the month as a CSV in Chinese', async () => {
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/gas-a2-502/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'the gas alarm');
    clock.advance(60_000);
    await probe.publish('twin/jinhe/dev/smk-a3-101/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 2, 30_000, 'two alarms');
    const gas = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-a2-502')!;
    clock.advance(42_000);
    expect((await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(gas.id)}/ack`, { method: 'POST', ...as(operator) })).status).toBe(200);
    await probe.close();

    const url = `${twin.httpUrl}api/history/alarms?from=${T0 - 1000}&to=${T0 + 3600_000}`;
    await until(async () => (await (await fetch(url, as(operator))).json()).alarms?.find((a: { id: string; state: string }) => a.id === gas.id)?.state === 'active_acked', 30_000, 'the acknowledgement in the history');
    const page1 = await (await fetch(`${url}&limit=1`, as(operator))).json();
    expect(page1.alarms.map((a: { deviceId: string }) => a.deviceId)).toEqual(['smk-a3-101']);
    const page2 = await (await fetch(`${url}&limit=1&cursor=${page1.next}`, as(operator))).json();
    expect(page2.alarms.map((a: { deviceId: string }) => a.deviceId)).toEqual(['gas-a2-502']);
    expect(page2.next).toBeNull();
    expect(page2.alarms[0].transitions.map((t: { to: string; by: string | null; byId?: string }) => [t.to, t.by, t.byId])).toEqual([['active_unacked', null, undefined], ['active_acked', '李敏', operator.id]]);
    expect((await fetch(`${url}&cursor=nonsense`, as(operator))).status).toBe(400);
    expect((await fetch(`${url}&level=V`, as(operator))).status).toBe(400);
    expect((await fetch(url)).status).toBe(401);
    expect((await (await fetch(`${url}&deviceId=gas-a2-502`, as(operator))).json()).alarms).toHaveLength(1);

    const csv = await fetch(url, { headers: { ...as(operator).headers, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    const [header, ...rows] = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(header).toBe('发生时间,设备,位置,告警类型,响应等级,当前状态,确认时间,确认人,确认用时（秒）,关闭时间');
    expect(rows).toHaveLength(2);
    const gasRow = rows.find((r) => r.includes('可燃气体'))!;
    expect(gasRow).toContain('李敏');
    expect(gasRow).toContain(',102,'); // raised, then 60 + 42 s to its acknowledgement
    expect(gasRow).toContain('2026-12-01 08:00:30'); // China time
    expect(gasRow).not.toContain('gas-a2-502');
  });

  it('keeps each command sent to a device with its answer, and the one it never answered as timed out', async () => {
    const device = await MqttProbe.connect(twin.mqttUrl, [], { clientId: 'gas-a2-502' });
    const send = async (cmd: string) => (await (await fetch(`${twin.httpUrl}api/devices/gas-a2-502/cmd`, { method: 'POST', ...as(operator), body: JSON.stringify({ cmd }) })).json()).reqId as string;
    const closed = await send('close_valve');
    await device.publish('twin/jinhe/dev/gas-a2-502/ack', JSON.stringify({ reqId: closed, ok: true, result: 'valve closed' }));
    const silent = await send('test');
    await device.close();
    await until(() => twin.pipeline.core.commands.of('gas-a2-502').some((c) => c.reqId === closed && c.state === 'done'), 30_000, 'the answer');
    clock.advance(11_000);
    twin.pipeline.tick();
    const rows = async () => twin.history.sql.query<{ req_id: string; cmd: string; by: string; state: string; result: string | null }>('select req_id, cmd, by, state, result from commands order by sent_at, cmd');
    await until(async () => (await rows()).length === 2 && (await rows()).every((r) => r.state !== 'sent'), 30_000, 'both commands in the history');
    expect((await rows()).map((r) => [r.req_id === closed ? 'answered' : r.req_id === silent ? 'silent' : '?', r.cmd, r.by, r.state, r.result]))
      .toEqual([['answered', 'close_valve', '李敏', 'done', 'valve closed'], ['silent', 'test', '李敏', 'timed_out', null]]);
  });

  it('keeps a device\'s readings as minutes (min, mean, max, last) that come back after a restart', async () => {
    const probe = await MqttProbe.connect(twin.mqttUrl);
    const minute = Math.ceil(clock.now() / 60_000) * 60_000;
    clock.advance(minute - clock.now() + 1000);
    for (const v of [0, 2, 7, 3]) {
      await probe.publish('twin/jinhe/dev/gas-b1-201/telemetry', JSON.stringify({ readings: { gas_lel: v } }));
      clock.advance(5000);
    }
    await probe.close();
    await until(() => (twin.pipeline.core.devices.get('gas-b1-201')?.readings.gas_lel ?? -1) === 3, 30_000, 'the readings taken');
    clock.advance(60_000);
    await twin.history.readings.flush();
    const readings = async () => (await (await fetch(`${twin.httpUrl}api/devices/gas-b1-201/readings?from=${minute - 3600_000}&to=${minute + 3600_000}`, as(operator))).json());
    const first = await readings();
    expect(first.step).toBe('1m');
    expect(first.points).toEqual([{ t: minute, quantity: 'gas_lel', min: 0, mean: 3, max: 7, last: 3 }]);
    expect((await (await fetch(`${twin.httpUrl}api/devices/gas-b1-201/readings?from=${minute - 30 * 86_400_000}&to=${minute + 1}`, as(operator))).json()).step).toBe('1h');
    expect((await fetch(`${twin.httpUrl}api/devices/gas-b1-201/readings?step=2m`, as(operator))).status).toBe(400);

    const alarms = async () => (await (await fetch(`${twin.httpUrl}api/history/alarms?from=${T0 - 1000}&to=${T0 + 3600_000}`, as(operator))).json()).alarms as { id: string; state: string }[];
    const before = await alarms();
    await twin.stop();
    twin = await startTestTwin({ DATA_DIR: dataDir, DATABASE_URL: database }, { clock, tickMs: 3_600_000 });
    expect((await readings()).points).toEqual(first.points);
    expect(await alarms()).toEqual(before);
  });
});

describe('PostgreSQL stopped in the middle of an alarm storm', () => {
  const street = generateStreet(1);
  const smoke = street.devices.filter((d) => d.type === 'smoke').slice(0, 300).map((d) => d.id);
  let cluster: Postgres;
  let mosquitto: Mosquitto;
  let twin: RunningTwin;
  let url: string;
  beforeAll(async () => {
    [cluster, mosquitto] = await Promise.all([startPostgres(), startMosquitto()]);
    url = await createDatabase(cluster.url, 'storm');
    const file = join(mkdtempSync(join(tmpdir(), 'street-')), 'street.json');
    writeFileSync(file, JSON.stringify(street));
    twin = await startTestTwin({ DISTRICT: file, MQTT_URL: mosquitto.url, DATABASE_URL: url });
  }, 180_000);
  afterAll(async () => { await twin?.stop(); await mosquitto?.stop(); await cluster?.remove(); });

  it('announces every alarm, refuses recorded actions naming the database, says so in health, and loses nothing', async () => {
    const operator = await addPerson(twin.httpUrl, ['operator'], { name: '王强' });
    const watcher = await MqttProbe.connect(mosquitto.url, [`twin/${street.id}/alarm/+`]);
    const announced = { get size() { return ids().size; } };
    const ids = () => new Set(watcher.messages.filter((m) => m.payload.length).map((m) => (JSON.parse(String(m.payload)) as { id: string }).id));
    const storm = await startAlarmStorm(mosquitto.url, street.id, smoke, 1500);
    const health = async () => { const r = await fetch(`${twin.httpUrl}api/health`); return { status: r.status, body: await r.json() }; };
    try {
      await until(() => announced.size >= 60, 60_000, 'the first alarms');
      await cluster.stop();
      await until(async () => (await health()).status === 503, 30_000, 'health to say the database is away');
      expect((await health()).body.database).toMatch(/^failing: the database \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/storm\)/);
      const before = announced.size;
      // Life safety first: the storm's alarms go on being announced while the database is away.
      await until(() => announced.size >= Math.min(300, before + 60), 60_000, 'alarms announced while the database is away');
      const open = twin.pipeline.core.openAlarms()[0]!;
      const ack = await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(open.id)}/ack`, { method: 'POST', ...as(operator) });
      expect(ack.status).toBe(503);
      expect((await ack.json()).error).toMatch(/the database .* cannot be recorded in the history now/);
      expect(metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_history_failing')).toBe(1);
      await cluster.start();
      await until(() => announced.size === 300, 90_000, `an alarm for each of the 300 detectors (${announced.size})`);
      await until(async () => (await health()).status === 200, 60_000, 'health to be ok again');
    } finally {
      await storm.stop();
      await watcher.close();
    }
    const announcedIds = ids();
    // Nothing lost: every alarm and every transition the twin holds is in the database.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const held = twin.pipeline.core.alarms.list();
      await until(async () => (await client.query('select count(*)::int as n from alarms')).rows[0].n === held.length, 30_000, 'every alarm written');
      const stored = (await client.query('select id from alarms')).rows.map((r: { id: string }) => r.id).sort();
      expect(stored).toEqual([...announcedIds].sort());
      const transitions = held.reduce((n, a) => n + twin.pipeline.core.alarms.stored(a.id)!.history.length, 0);
      expect((await client.query('select count(*)::int as n from alarm_transitions')).rows[0].n).toBe(transitions);
      expect((await client.query("select count(*)::int as n from alarm_transitions where to_state = 'active_acked'")).rows[0].n).toBe(0);
    } finally { await client.end(); }
    expect(metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_history_failing')).toBe(0);
  }, 300_000);
});

describe('ready means ready', () => {
  it('answers 503 "starting" until the history has caught up with a long journal (20,000 alarms), then ok with every alarm in it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'starting-'));
    const lines: string[] = [];
    for (const batch of yearOfAlarms(20_000, 500, 5000)) for (const s of batch) lines.push(JSON.stringify({ t: 'alarm', at: s.history.at(-1)!.at, s }));
    writeFileSync(join(dataDir, 'journal-jinhe.jsonl'), `${lines.join('\n')}\n`);
    const database = await freshDatabaseUrl();
    const twin = await startTwin(configFromEnv({ PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: database, ADMIN_PASSWORD: 'admin-test-password' }), { log: () => {} });
    try {
      const first = await fetch(`${twin.httpUrl}api/health`);
      expect(first.status).toBe(503);
      expect(await first.json()).toMatchObject({ status: 'starting', history: 'catching up with the journal' });
      await until(async () => (await fetch(`${twin.httpUrl}api/health`)).status === 200, 120_000, 'ready');
      const [row] = await twin.history.sql.query<{ n: number }>('select count(*) as n from alarms');
      expect(row!.n).toBe(20_000);
    } finally { await twin.stop(); }
  }, 180_000);
});
