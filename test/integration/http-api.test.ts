// The contract's HTTP API through plain fetch: answers, status codes and JSON errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { BUNDLED_DEVICES } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { BODY_SHAPES } from '../../twin-assets/protocol';
import { OPERATOR_TOKEN, startTestTwin, TRAINER_TOKEN } from '../helpers/twin';
import { addPerson } from '../helpers/people';

describe('HTTP API', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  let alarmId: string;
  const url = (p: string) => `${twin.httpUrl}${p.replace(/^\//, '')}`;
  const ack = (id: string, token?: string) => fetch(url(`/api/alarms/${encodeURIComponent(id)}/ack`), {
    method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {},
  });

  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/smk-a1-602/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'smoke alarm');
    alarmId = twin.pipeline.core.openAlarms()[0]!.id;
  });
  afterAll(async () => { await probe?.close(); await twin?.stop(); });

  it('GET /api/health reports the broker link', async () => {
    const res = await fetch(url('/api/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mqtt: 'connected', district: 'jinhe', devices: BUNDLED_DEVICES, openAlarms: 1 });
  });

  it('GET /api/district lists the devices with type and position', async () => {
    const d = await (await fetch(url('/api/district'))).json();
    expect(d.id).toBe('jinhe');
    expect(d.devices).toHaveLength(BUNDLED_DEVICES);
    expect(d.devices.find((x: { id: string }) => x.id === 'gas-a1-301')).toMatchObject({ type: 'gas', position: { x: -150, y: 84, z: 8.5 } });
  });

  it('GET /api/alarms filters by state and refuses an unknown one', async () => {
    expect(await (await fetch(url('/api/alarms?state=active_unacked'))).json()).toHaveLength(1);
    expect(await (await fetch(url('/api/alarms?state=active_acked'))).json()).toHaveLength(0);
    const bad = await fetch(url('/api/alarms?state=burning'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/unknown state "burning"/);
  });

  it.each([
    ['no token', undefined, 401],
    ['a wrong token', 'nope-nope-nope', 401],
  ])('POST ack with %s is 401 and changes nothing', async (_n, token, status) => {
    const res = await ack(alarmId, token);
    expect(res.status).toBe(status);
    expect(typeof (await res.json()).error).toBe('string');
    expect(twin.pipeline.core.alarms.get(alarmId)?.state).toBe('active_unacked');
  });

  it('POST ack: 404 for an unknown alarm, 200 then 409 for a repeat', async () => {
    expect((await ack('no-such-alarm', OPERATOR_TOKEN)).status).toBe(404);
    const ok = await ack(alarmId, OPERATOR_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: alarmId, state: 'active_acked', ackedBy: 'service operator' });
    const again = await ack(alarmId, OPERATOR_TOKEN);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/active_acked/);
  });

  it('POST ack records the person logged in, never a name from the body; a bad body is refused', async () => {
    const person = await addPerson(twin.httpUrl, ['operator'], { name: '值班员周洁' });
    await probe.publish('twin/jinhe/dev/smk-b2-401/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await until(() => twin.pipeline.core.openAlarms().some((a) => a.deviceId === 'smk-b2-401'), 30_000, 'second smoke alarm');
    const id = twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'smk-b2-401')!.id;
    const post = (body: string) => fetch(url(`/api/alarms/${encodeURIComponent(id)}/ack`), { method: 'POST', headers: { authorization: `Bearer ${person.token}` }, body });
    expect((await post('{"by":')).status).toBe(400);
    expect((await post(JSON.stringify({ by: 'x'.repeat(5000) }))).status).toBe(413);
    expect(twin.pipeline.core.alarms.get(id)?.state).toBe('active_unacked');
    const ok = await post(JSON.stringify({ by: '街道主任 张伟' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ state: 'active_acked', ackedBy: '值班员周洁' });
    expect(twin.pipeline.core.alarms.stored(id)!.history.at(-1)).toMatchObject({ to: 'active_acked', by: '值班员周洁', byId: person.id });
  });

  it.each([
    ['shelve', '/api/alarms/any/shelve', { minutes: 'ten', reason: 'x' }, 'shelve'],
    ['shelve', '/api/alarms/any/shelve', { minutes: 10, reason: '   ' }, 'shelve'],
    ['service', '/api/devices/mh-s-1/service', { inService: 'no' }, 'service'],
    ['cmd', '/api/devices/gas-a1-301/cmd', { cmd: 'Close Valve' }, 'command'],
    ['task', '/api/tasks/any', { state: 'flying' }, 'task'],
  ] as const)('POST %s with a body of the wrong shape is 400 with the shape it needs, decoded by the protocol module', async (_n, path, body, kind) => {
    const res = await fetch(url(path), { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(BODY_SHAPES[kind]);
  });

  it('GET /metrics is Prometheus text with the contract series', async () => {
    expect((await fetch(url('/metrics'))).status).toBe(401);
    const res = await fetch(url('/metrics'), { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(metricValue(text, 'twin_mqtt_messages_in_total', { leaf: 'telemetry' })).toBe(2);
    expect(metricValue(text, 'twin_alarms_raised_total', { level: 'II' })).toBe(1);
    expect(metricValue(text, 'twin_alarms_raised_total', { level: 'I' })).toBe(1); // the second household is an 80-year-old living alone
    expect(metricValue(text, 'twin_alarm_acks_total', { outcome: 'ok' })).toBe(2);
    expect(metricValue(text, 'twin_auth_refused_total', { reason: 'bad_token', surface: 'http' })).toBe(1);
    expect(metricValue(text, 'twin_alarm_acks_total', { outcome: 'unauthorized' })).toBe(2);
    expect(metricValue(text, 'twin_mqtt_messages_rejected_total', { reason: 'oversized' })).toBe(0);
    expect(text).toMatch(/^twin_ingest_seconds_bucket/m);
    expect(text).toMatch(/^twin_room_clients/m);
  });

  it('every answer carries the security headers; HSTS and Secure cookies under TLS (a proxy that says so)', async () => {
    for (const path of ['/', '/api/health', '/matchmake/create/live']) {
      const res = await fetch(url(path), path.startsWith('/matchmake') ? { method: 'POST' } : {});
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const tls = await fetch(url('/api/session'), { method: 'POST', headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin-test-password' }) });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(tls.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('unknown API paths answer a JSON 404', async () => {
    const res = await fetch(url('/api/nothing'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such endpoint: GET /api/nothing' });
  });
});

describe('HTTP API: device detail and district exports', () => {
  let twin: RunningTwin;
  let probe: MqttProbe;
  beforeAll(async () => {
    twin = await startTestTwin();
    probe = await MqttProbe.connect(twin.mqttUrl);
  });
  afterAll(async () => { await probe?.close(); await twin?.stop(); });

  it('GET /api/devices/<id> gives readings, a time series, contacts and alarm history', async () => {
    for (const [i, lel] of [2, 3, 35, 1].entries()) {
      await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ ts: 1_763_870_400_000 + i * 1000, seq: i, readings: { gas_lel: lel } }));
    }
    await until(() => twin.pipeline.core.devices.seriesOf('gas-a1-301').length === 4, 30_000, 'four samples');
    const body = await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json();
    expect(body.device).toMatchObject({ id: 'gas-a1-301', type: 'gas', householdId: 'hh-a1-301' });
    expect(body.state.readings).toEqual({ gas_lel: 1 });
    expect(body.series.map((s: { readings: { gas_lel: number } }) => s.readings.gas_lel)).toEqual([2, 3, 35, 1]);
    expect(body.contacts.map((c: { role: string }) => c.role)).toEqual(['relative', 'building_head', 'guard_room', 'grid_worker']);
    expect(body.household.residents[0]).toMatchObject({ name: '王秀兰', livingAlone: true });
    expect(body.alarms).toHaveLength(1);
    // 35 %LEL: level II, and I for a resident living alone; 1 %LEL has not yet held for the 30 s off-delay.
    expect(body.alarms[0]).toMatchObject({ state: 'active_unacked', level: 'I', factors: ['reading:II', 'vulnerable_household'] });
    expect(body.alarms[0].transitions.map((t: { to: string }) => t.to)).toEqual(['active_unacked']);
    expect((await fetch(`${twin.httpUrl}api/devices/nope`)).status).toBe(404);
  });

  it('personal data by need: nobody without a session gets a name, phone, age or vulnerability flag; residents to the operators and their community\'s staff only', async () => {
    const PHONE = /\+86 \d{2,3} \d{4} \d{4}/;
    const anonymous = await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`)).json();
    expect(anonymous.personalData).toBe(false);
    expect(anonymous.contacts).toEqual([]);
    expect(anonymous.commands).toEqual([]);
    expect(anonymous.alarms).toEqual([]);
    expect(anonymous.household.residents[0]).toEqual({ name: '', age: 0, livingAlone: false, disabled: false, lowIncome: false });
    expect(JSON.stringify(anonymous)).not.toMatch(PHONE);
    const publicDistrict = await (await fetch(`${twin.httpUrl}api/district`)).text();
    for (const name of ['王秀兰', '李娜', '刘芳']) expect(publicDistrict).not.toContain(name);
    expect(publicDistrict).not.toMatch(PHONE);
    expect(publicDistrict).not.toMatch(/"age":[1-9]|"livingAlone":true|"disabled":true|"lowIncome":true/);
    // A trainer is staff: work contacts, no residents.
    const trainer = await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json();
    expect(trainer.household.residents[0].name).toBe('');
    expect(trainer.contacts).toEqual([]);
    const operator = await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json();
    expect(operator.household.residents[0].name).toBe('王秀兰');
    expect(await (await fetch(`${twin.httpUrl}api/district`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text()).toContain('王秀兰');
    // Community staff: their courtyards' residents (王秀兰 lives in cy-a), not another's.
    const cyA = await addPerson(twin.httpUrl, ['community'], { scope: { courtyardIds: ['cy-a'] } });
    const cyB = await addPerson(twin.httpUrl, ['community'], { scope: { courtyardIds: ['cy-b'] } });
    expect((await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`, { headers: { cookie: cyA.cookie } })).json()).household.residents[0].name).toBe('王秀兰');
    expect((await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`, { headers: { cookie: cyB.cookie } })).json()).household.residents[0].name).toBe('');
    const districtB = await (await fetch(`${twin.httpUrl}api/district`, { headers: { cookie: cyB.cookie } })).text();
    expect(districtB).not.toContain('王秀兰');
    expect(districtB).toContain('刘芳'); // a grid worker: a work contact, for staff
  });

  it('serves the district gzipped to clients that accept it, and as GeoJSON', async () => {
    const { request } = await import('node:http');
    const headers = await new Promise<Record<string, unknown>>((resolve) => {
      request(`${twin.httpUrl}api/district`, { headers: { 'accept-encoding': 'gzip' } }, (res) => { res.resume(); resolve(res.headers); }).end();
    });
    expect(headers['content-encoding']).toBe('gzip');
    const geo = await fetch(`${twin.httpUrl}api/district.geojson`);
    expect(geo.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const fc = await geo.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'device')).toHaveLength(BUNDLED_DEVICES);
  });
});
