// People and permissions against a running twin, as an attacker tried them (issue 28): each attack that
// worked before is refused now, and accounts behave as a street office's would — logins throttled, sessions
// that end, tokens that can be revoked, the last administrator kept, every change in the audit log.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../sim-server/clock';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { addPerson, adminCookie, login } from '../helpers/people';
import { AS_TRAINER, OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

const metric = async (twin: RunningTwin, name: string, labels: Record<string, string> = {}) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), name, labels) ?? 0;
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('accounts', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin(); });
  afterAll(async () => { await twin?.stop(); });

  it('a wrong password is 401; past five for one login each try must wait longer (429 with Retry-After), counted and audited', async () => {
    const person = await addPerson(twin.httpUrl, ['viewer'], { login: 'zhouli' });
    const tryLogin = (password: string) => fetch(`${twin.httpUrl}api/session`, json({ login: 'zhouli', password }));
    for (let i = 0; i < 5; i++) expect((await tryLogin('not-her-password')).status).toBe(401);
    const sixth = await tryLogin('not-her-password');
    expect(sixth.status).toBe(401); // the sixth is checked, and sets the first wait
    const held = await tryLogin(person.password);
    expect(held.status).toBe(429); // even the right password waits its turn
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await held.json()).error).toMatch(/too many failed logins: wait \d+ s/);
    expect(await metric(twin, 'twin_logins_total', { outcome: 'wrong' })).toBe(6);
    expect(await metric(twin, 'twin_logins_total', { outcome: 'throttled' })).toBe(1);
    // An unknown login is refused like a wrong password (the same words, the same work).
    const unknown = await fetch(`${twin.httpUrl}api/session`, json({ login: 'nobody-here', password: 'whatever-it-is' }));
    expect([unknown.status, (await unknown.json()).error]).toEqual([401, 'wrong login or password']);
    const audit = await (await fetch(`${twin.httpUrl}api/audit?login=zhouli`, { headers: { cookie: await adminCookie(twin.httpUrl) } })).json() as { entries: { action: string; outcome: string; address?: string }[] };
    expect(audit.entries.filter((e) => e.action === 'session.login_failed')).toHaveLength(7);
    expect(audit.entries[0]!.address).toBe('127.0.0.1');
  });

  it('a session ends on logging out, on a password reset and when the person is disabled; a personal token until it is revoked', async () => {
    const admin = await adminCookie(twin.httpUrl);
    const person = await addPerson(twin.httpUrl, ['operator'], { login: 'wangfang', name: '王芳' });
    const me = (headers: Record<string, string>) => fetch(`${twin.httpUrl}api/session`, { headers });
    expect(await (await me({ cookie: person.cookie })).json()).toMatchObject({ login: 'wangfang', name: '王芳', roles: ['operator'], permissions: { 'alarms.ack': 'all' } });
    // Logging out ends the session on the server, not only in the browser.
    const other = await login(twin.httpUrl, 'wangfang', person.password);
    const out = await fetch(`${twin.httpUrl}api/session`, { method: 'DELETE', headers: { cookie: other } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^twin_session=; .*Max-Age=0/);
    expect((await me({ cookie: other })).status).toBe(401);
    expect((await me({ cookie: person.cookie })).status).toBe(200);
    // A personal token acts as her; revoked, it is no one's.
    expect((await me({ authorization: `Bearer ${person.token}` })).status).toBe(200);
    const tokens = await (await fetch(`${twin.httpUrl}api/tokens`, { headers: { cookie: person.cookie } })).json() as { id: string }[];
    expect(JSON.stringify(tokens)).not.toContain(person.token); // never shown again
    expect((await fetch(`${twin.httpUrl}api/tokens/${tokens[0]!.id}`, { method: 'DELETE', headers: { cookie: person.cookie } })).status).toBe(204);
    expect((await me({ authorization: `Bearer ${person.token}` })).status).toBe(401);
    // A reset password ends her sessions; disabled, she cannot log in, and nothing of hers works.
    const reset = await fetch(`${twin.httpUrl}api/users/wangfang`, { method: 'PATCH', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a-brand-new-password' }) });
    expect(reset.status).toBe(200);
    expect((await me({ cookie: person.cookie })).status).toBe(401);
    const fresh = await login(twin.httpUrl, 'wangfang', 'a-brand-new-password');
    const token2 = await (await fetch(`${twin.httpUrl}api/tokens`, { method: 'POST', headers: { cookie: fresh, 'content-type': 'application/json' }, body: '{}' })).json() as { token: string };
    await fetch(`${twin.httpUrl}api/users/wangfang`, { method: 'PATCH', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect((await me({ cookie: fresh })).status).toBe(401);
    expect((await me({ authorization: `Bearer ${token2.token}` })).status).toBe(401);
    const refused = await fetch(`${twin.httpUrl}api/session`, json({ login: 'wangfang', password: 'a-brand-new-password' }));
    expect([refused.status, (await refused.json()).error]).toEqual([401, 'this account is disabled: ask an administrator']);
  });

  it('people are managed by administrators only: roles need their scope, the last administrator stays, every change is audited', async () => {
    const admin = await adminCookie(twin.httpUrl);
    const post = (cookie: string, body: unknown) => fetch(`${twin.httpUrl}api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const operator = await addPerson(twin.httpUrl, ['operator']);
    expect((await post(operator.cookie, { login: 'sneaky', name: 'x', password: 'long-enough-pw', roles: ['admin'] })).status).toBe(403);
    const noScope = await post(admin, { login: 'zhaoliang', name: '赵亮', password: 'long-enough-pw', roles: ['community'] });
    expect([noScope.status, (await noScope.json()).error]).toEqual([422, expect.stringMatching(/community staff work in one community or some courtyards/)]);
    expect((await post(admin, { login: 'zhaoliang', name: '赵亮', password: 'long-enough-pw', roles: ['community'], scope: { communityId: 'c-elsewhere' } })).status).toBe(422);
    expect((await post(admin, { login: 'zhaoliang', name: '赵亮', password: 'short', roles: ['viewer'] })).status).toBe(400);
    expect((await post(admin, { login: 'zhaoliang', name: '赵亮', password: 'long-enough-pw', roles: ['community'], scope: { communityId: 'c-qingyun' } })).status).toBe(201);
    expect((await post(admin, { login: 'zhaoliang', name: '赵亮', password: 'long-enough-pw', roles: ['viewer'] })).status).toBe(409);
    const last = await fetch(`${twin.httpUrl}api/users/admin`, { method: 'PATCH', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect([last.status, (await last.json()).error]).toEqual([409, expect.stringMatching(/last administrator/)]);
    const audit = await (await fetch(`${twin.httpUrl}api/audit?login=admin`, { headers: { cookie: admin } })).json() as { entries: { action: string; outcome: string; detail?: { created?: string } }[] };
    expect(audit.entries.some((e) => e.action === 'people.manage' && e.detail?.created === 'zhaoliang')).toBe(true);
    expect((await fetch(`${twin.httpUrl}api/audit`, { headers: { cookie: operator.cookie } })).status).toBe(403);
  });

  it('a change sent with the session cookie from another site is refused', async () => {
    const person = await addPerson(twin.httpUrl, ['operator']);
    const res = await fetch(`${twin.httpUrl}api/tokens`, { method: 'POST', headers: { cookie: person.cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect([res.status, (await res.json()).error]).toEqual([403, expect.stringMatching(/from another site/)]);
  });

  it('wrong tokens from one address: past ten, 429 before anything is checked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${twin.httpUrl}api/alarms`, { headers: { authorization: `Bearer wrong-token-${i}` } })).status);
    // (This address has shown two revoked tokens already, above.)
    const throttledFrom = statuses.indexOf(429);
    expect(throttledFrom).toBeGreaterThanOrEqual(8);
    expect(statuses.slice(0, throttledFrom).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(throttledFrom).every((s) => s === 429)).toBe(true);
    expect(await metric(twin, 'twin_auth_refused_total', { reason: 'throttled', surface: 'http' })).toBeGreaterThanOrEqual(statuses.length - throttledFrom);
  });
});

describe('the attacks of 2026-12-06', () => {
  let twin: RunningTwin;
  const clock = new ManualClock(1_763_870_400_000);
  beforeAll(async () => { twin = await startTestTwin({ MAX_GUESTS: '3' }, { clock, tickMs: 3_600_000 }); });
  afterAll(async () => { await twin?.stop(); });

  it('hiding an alarm: {"online":false} on a gas detector does not silence its alarm; it escalates on its clock, with the offline fault beside it', async () => {
    const probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/cap']);
    await probe.publish('twin/jinhe/dev/gas-b1-201/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }));
    await until(() => twin.pipeline.core.openAlarms().some((a) => a.kind === 'gas_leak'), 30_000, 'the gas alarm');
    const gas = twin.pipeline.core.openAlarms().find((a) => a.kind === 'gas_leak')!;
    await probe.publish('twin/jinhe/dev/gas-b1-201/status', JSON.stringify({ online: false }), { retain: true });
    await until(() => twin.pipeline.core.openAlarms().some((a) => a.kind === 'device_offline' && a.deviceId === 'gas-b1-201'), 30_000, 'the offline fault');
    expect(twin.pipeline.core.alarms.get(gas.id)!.state).toBe('active_unacked');
    clock.advance(3 * 60_000 + 1000); // level II: escalated when not acknowledged within 3 minutes
    twin.pipeline.tick();
    expect(twin.pipeline.core.alarms.get(gas.id)).toMatchObject({ state: 'active_unacked', level: 'I' });
    await probe.waitFor((m) => m.payload.includes('<msgType>Update</msgType>') && m.payload.includes(gas.id) && m.payload.includes('<severity>Extreme</severity>'), 30_000, 'the escalation\'s CAP Update');
    await probe.publish('twin/jinhe/dev/gas-b1-201/status', '', { retain: true });
    await probe.close();
  });

  it('forged answers: a command\'s reqId is random and never public; only the device itself may answer it', async () => {
    const sent = await (await fetch(`${twin.httpUrl}api/devices/gas-a2-502/cmd`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ cmd: 'close_valve' }) })).json() as { reqId: string };
    expect(sent.reqId).toMatch(/^[\w-]{22}$/); // 128 random bits
    expect(JSON.stringify(await (await fetch(`${twin.httpUrl}api/devices/gas-a2-502`)).json())).not.toContain(sent.reqId);
    // Someone who knows the reqId, but is not the device: dropped at the broker, counted.
    const before = await metric(twin, 'twin_broker_refused_total', { what: 'publish' });
    const forger = await MqttProbe.connect(twin.mqttUrl, [], { clientId: 'not-the-detector' });
    await forger.publish('twin/jinhe/dev/gas-a2-502/ack', JSON.stringify({ reqId: sent.reqId, ok: true, result: 'valve closed' }));
    await forger.close();
    expect(await metric(twin, 'twin_broker_refused_total', { what: 'publish' })).toBe(before + 1);
    expect(twin.pipeline.core.commands.of('gas-a2-502')[0]).toMatchObject({ state: 'sent' });
    // The detector itself answers.
    const detector = await MqttProbe.connect(twin.mqttUrl, [], { clientId: 'gas-a2-502' });
    await detector.publish('twin/jinhe/dev/gas-a2-502/ack', JSON.stringify({ reqId: sent.reqId, ok: true, result: 'valve closed' }));
    await until(() => twin.pipeline.core.commands.of('gas-a2-502')[0]?.state === 'done', 30_000, 'the detector\'s answer');
    await detector.close();
  });

  it('the trainer\'s MQTT login reaches drill/… only: no relative\'s phone on notify/#, no live reading, no real alarm', async () => {
    await expect(MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/notify/#'], AS_TRAINER)).rejects.toThrow(/Subscribe error|refused the subscription/);
    const trainer = await MqttProbe.connect(twin.mqttUrl, ['drill/#'], AS_TRAINER);
    const alarms = twin.pipeline.core.openAlarms().length;
    const before = await metric(twin, 'twin_broker_refused_total', { what: 'publish' });
    await trainer.publish('twin/jinhe/dev/smk-a3-101/telemetry', JSON.stringify({ readings: { alarm: true } }));
    expect(await metric(twin, 'twin_broker_refused_total', { what: 'publish' })).toBe(before + 1);
    expect(twin.pipeline.core.openAlarms().length).toBe(alarms);
    await trainer.close();
  });

  it('wrong MQTT passwords: past twenty from one address each refusal comes later, while a right one gets straight in', async () => {
    for (let i = 0; i < 23; i++) {
      await mqtt.connectAsync(twin.mqttUrl, { username: 'operator', password: `guess-${i}`, reconnectPeriod: 0, connectTimeout: 30_000 }).then((c) => c.endAsync(), () => {});
    }
    expect(await metric(twin, 'twin_broker_refused_total', { what: 'connect' })).toBe(23);
    expect(await metric(twin, 'twin_broker_refused_total', { what: 'throttled' })).toBe(3); // refused after a wait: 1 s, 2 s, 4 s
    // A device (or the twin itself) with the right key is never held up by someone else's guessing.
    const right = await mqtt.connectAsync(twin.mqttUrl, { username: 'operator', password: OPERATOR_TOKEN, reconnectPeriod: 0 });
    await right.endAsync();
  }, 120_000);

  it('personal data: an alarm\'s detail, with who was called, only to staff', async () => {
    const id = twin.pipeline.core.openAlarms().find((a) => a.kind === 'gas_leak')!.id;
    expect((await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(id)}`)).status).toBe(401);
    const feed = await (await fetch(`${twin.httpUrl}api/alarms`)).json() as { ackedBy: unknown }[];
    expect(feed.every((a) => a.ackedBy === null)).toBe(true);
    const viewer = await addPerson(twin.httpUrl, ['viewer']);
    type Detail = { notifications: { recipient: { role: string; name: string; address: string } }[] };
    const relatives = (d: Detail) => d.notifications.filter((n) => /^(relative|building_head)/.test(n.recipient.role)).map((n) => n.recipient);
    const asViewer = await (await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(id)}`, { headers: { cookie: viewer.cookie } })).json() as Detail;
    expect(relatives(asViewer).length).toBeGreaterThan(0);
    expect(relatives(asViewer).every((r) => r.name === '' && r.address === '')).toBe(true);
    const asOperator = await (await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json() as Detail;
    expect(relatives(asOperator).every((r) => r.name !== '' && /^\+86/.test(r.address))).toBe(true);
  });

  it('ghosts: guests who come and go in the lobby leave no one behind; guests are capped; one seat per person', async () => {
    const drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen');
    const session = twin.drills.get(drill.drillId)!;
    for (let i = 0; i < 60; i++) {
      const guest = await joinDrill(twin.httpUrl, drill.roomId, { role: 'observer', name: `过客${i}` });
      await guest.room.leave();
    }
    await until(() => session.players.size === 0, 30_000, 'an empty lobby');
    session.flushJournal();
    const lines = (await import('node:fs')).readFileSync(session.file, 'utf8').split('\n').filter((l) => l.includes('"t":"join"'));
    expect(lines.length).toBe(60); // each came and went once, on the record
    // No more than MAX_GUESTS (3 here) at once.
    const guests = await Promise.all([1, 2, 3].map((i) => joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: `访客${i}` })));
    await expect(joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: '访客4' })).rejects.toThrow(/already has 3 guests/);
    // A guest back under the same name and role while the old page still holds the seat (a cut socket the server has
    // not noticed yet) takes it over: one figure, the old page let go.
    const again = await joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: '访客1' });
    expect((await again.welcome).playerId).toBe((await guests[0]!.welcome).playerId);
    expect([...session.players.values()].filter((p) => p.name === '访客1')).toHaveLength(1);
    await until(() => !guests[0]!.room.connection.isOpen, 30_000, 'the old page let go');
    guests[0] = again;
    // A person joining twice has one seat: the second page takes it over.
    const person = await addPerson(twin.httpUrl, ['operator'], { name: '值班员孙立' });
    const first = await joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: 'x' }, person.cookie);
    const second = await joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: 'y' }, person.cookie);
    expect((await second.welcome).playerId).toBe((await first.welcome).playerId);
    expect([...session.players.values()].filter((p) => p.name === '值班员孙立')).toHaveLength(1);
    await until(() => !first.room.connection.isOpen, 30_000, 'the first page let go');
    // Nothing outside the room changes the drill: no client can make a second room for it.
    const made = await fetch(`${twin.httpUrl}matchmake/create/drill`, json({ drillId: drill.drillId }));
    expect(made.status).toBe(403);
    for (const g of [...guests, second]) await g.room.leave();
  }, 120_000);

  it('a drill\'s report: for its trainers and evaluators, and for those who took part — nobody else', async () => {
    const drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen');
    const player = await addPerson(twin.httpUrl, ['operator']);
    const bystander = await addPerson(twin.httpUrl, ['operator']);
    const seat = await joinDrill(twin.httpUrl, drill.roomId, { role: 'commander', name: 'x' }, player.cookie);
    await seat.welcome;
    twin.drills.get(drill.drillId)!.flushJournal();
    const report = (headers: Record<string, string>) => fetch(`${twin.httpUrl}api/drills/${drill.drillId}/report`, { headers }).then((r) => r.status);
    expect(await report({ cookie: player.cookie })).toBe(200);
    expect(await report({ cookie: bystander.cookie })).toBe(403);
    expect(await report({ cookie: (await addPerson(twin.httpUrl, ['evaluator'])).cookie })).toBe(200);
    expect(await report({ 'x-drill-code': drill.code })).toBe(200);
    expect(await report({ 'x-drill-code': 'WRONG-CODE' })).toBe(401);
    expect(await report({})).toBe(401);
    await seat.room.leave();
  });

  it('heavy reads cannot starve residents: the KPIs need a login and are answered from one run per window; a report still goes in', async () => {
    const anonymous = await Promise.all(Array.from({ length: 30 }, () => fetch(`${twin.httpUrl}api/kpis/alarms`)));
    expect(new Set(anonymous.map((r) => r.status))).toEqual(new Set([401]));
    const viewer = await addPerson(twin.httpUrl, ['viewer']);
    const window = `from=${clock.now() - 3600_000}&to=${clock.now()}`;
    const form = new FormData();
    form.set('category', 'fire_lane_blocked');
    form.set('buildingId', 'b-a1');
    form.set('photo', new Blob([new Uint8Array(await (await import('node:fs/promises')).readFile(new URL('../fixtures/photos/photo-1600x1200.jpg', import.meta.url)))], { type: 'image/jpeg' }), 'p.jpg');
    const [report, ...kpis] = await Promise.all([
      fetch(`${twin.httpUrl}api/reports`, { method: 'POST', body: form }),
      ...Array.from({ length: 30 }, () => fetch(`${twin.httpUrl}api/kpis/alarms?${window}`, { headers: { cookie: viewer.cookie } })),
    ]);
    expect(report!.status).toBe(201);
    expect(kpis.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(kpis.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    const bodies = await Promise.all(kpis.filter((r) => r.status === 200).map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
  }, 120_000);
});
