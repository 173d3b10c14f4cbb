// The permission table, walked: every role (and nobody) tries every HTTP route the OpenAPI document names with
// its action, the live room's actions, a drill's trainer seat, and the MQTT grants; each is let through exactly
// when twin-assets/permissions.ts grants it. An action allowed that the table does not grant fails the test, and
// so does one refused that it grants. People are made through the API; scoped roles work in 纺织厂老院落 (cy-a),
// where every thing acted on lies.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS, grantOf, STAFF_ROLES, type Action, type StaffRole } from '../../twin-assets/permissions';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { joinLive } from '../helpers/liveClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { addPerson, type TestPerson } from '../helpers/people';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

type Who = StaffRole | 'nobody';
const WHO: Who[] = [...STAFF_ROLES, 'nobody'];
const SCOPE = { courtyardIds: ['cy-a'] };
/** What the table says: may `who` do `action` on something in cy-a? */
const granted = (who: Who, action: Action) => (who === 'nobody' ? (ACTIONS[action] as { anonymous?: true }).anonymous === true : grantOf([who], action) !== null);

describe('the permission table, walked with every role', () => {
  let twin: RunningTwin;
  const people = new Map<StaffRole, TestPerson>();
  let ids: Record<string, string>;

  beforeAll(async () => {
    // Behind a (pretend) proxy, each anonymous request names an address of its own: the per-address limits on
    // anonymous POSTs are not what this walk is about.
    twin = await startTestTwin({ MAX_DRILLS: '50', TRUSTED_PROXIES: '127.0.0.1' });
    for (const role of STAFF_ROLES) people.set(role, await addPerson(twin.httpUrl, [role], { ...(role === 'community' || role === 'grid_worker' ? { scope: SCOPE } : {}), login: `walk-${role.replace('_', '-')}` }));
    // Something of each kind to act on, all in cy-a: an alarm with its tasks, a device, a resident's report, a drill.
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/smk-a1-301/telemetry', JSON.stringify({ readings: { alarm: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'a fire alarm');
    await probe.close();
    const alarm = twin.pipeline.core.openAlarms()[0]!;
    const form = new FormData();
    form.set('category', 'ebike_charging');
    form.set('buildingId', 'b-a1');
    form.set('photo', new Blob([new Uint8Array(await (await import('node:fs/promises')).readFile(new URL('../fixtures/photos/photo-1600x1200.jpg', import.meta.url)))], { type: 'image/jpeg' }), 'p.jpg');
    const report = await (await fetch(`${twin.httpUrl}api/reports`, { method: 'POST', body: form })).json() as { id: string };
    const drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen');
    ids = { alarmId: alarm.id, deviceId: 'smk-a1-301', taskId: twin.pipeline.core.dispatch.tasksOf(alarm.id)[0]!.id, reportId: report.id, which: 'before',
      drillId: drill.drillId, scenarioId: 'gas-leak-elderly-kitchen', type: 'gas', login: 'walk-viewer', tokenId: 'no-such-token' };
  }, 120_000);
  afterAll(async () => { await twin?.stop(); });

  it('HTTP: every route with an action answers 401/403 exactly where the table does not grant it', async () => {
    const doc = await (await fetch(`${twin.httpUrl}api/openapi.json`)).json() as { paths: Record<string, Record<string, { 'x-permission'?: Action }>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), action: op['x-permission'] })));
    const withAction = routes.filter((r): r is typeof r & { action: Action } => r.action !== undefined);
    // Every action of the table is walked: over HTTP here, the room's and MQTT's below. (residents.read decides
    // what an answer holds, not whether there is one: http-api.test.ts; the evaluator's seat is a room's.)
    const overHttp = new Set(withAction.map((r) => r.action));
    expect(ACTION_NAMES.filter((a) => !overHttp.has(a) && !a.startsWith('mqtt.'))).toEqual(['residents.read', 'live.watch', 'drills.join', 'drills.evaluate']);
    const wrong: string[] = [];
    let anonymousRequests = 0;
    for (const r of withAction) {
      const url = `${twin.httpUrl}${r.path.slice(1).replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(ids[k] ?? 'x'))}`;
      for (const who of WHO) {
        // A body no handler does anything with (refused as malformed after the permission check), so the walk changes nothing.
        const init: RequestInit = { method: r.method, headers: { ...(who === 'nobody' ? { 'x-forwarded-for': `10.9.${++anonymousRequests >> 8}.${anonymousRequests & 255}` } : { authorization: `Bearer ${people.get(who)!.token}` }), 'content-type': 'application/json' }, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: '{"walk": ' }) };
        const res = await fetch(url, init);
        await res.arrayBuffer();
        const refused = res.status === 401 || res.status === 403;
        if (refused === granted(who, r.action)) wrong.push(`${who} ${r.method} ${r.path} (${r.action}): ${res.status}, the table says ${granted(who, r.action) ? 'yes' : 'no'}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('the live room: who may watch, and who may acknowledge there', async () => {
    const wrong: string[] = [];
    for (const who of WHO) {
      const token = who === 'nobody' ? undefined : people.get(who)!.token;
      const joined = await joinLive(twin.httpUrl, { role: 'observer', name: 'x', ...(token ? { token } : {}) }).then((c) => c, () => null);
      if ((joined !== null) !== granted(who, 'live.watch')) wrong.push(`${who} joining the live room: ${joined ? 'let in' : 'refused'}`);
      if (!joined) continue;
      const welcome = await joined.welcome;
      if (welcome.canAcknowledge !== granted(who, 'alarms.ack')) wrong.push(`${who}: canAcknowledge ${welcome.canAcknowledge}`);
      // A shelve of the alarm (in cy-a) for a minute: forbidden, or done (then unshelved, so the next role finds it open).
      joined.room.send('shelve', { alarmId: ids.alarmId, minutes: 1, reason: 'permission walk' });
      await until(() => joined.errors.length > 0 || twin.pipeline.core.alarms.get(ids.alarmId!)?.state === 'shelved', 30_000, `${who}'s shelve answered`);
      const forbidden = joined.errors.some((e) => e.code === 'forbidden');
      if (forbidden === granted(who, 'alarms.shelve')) wrong.push(`${who} shelving: ${forbidden ? 'forbidden' : 'done'}`);
      if (!forbidden) twin.pipeline.desks.unshelve(ids.alarmId!, { id: 'test', name: 'test' });
      await joined.leave();
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('a drill: the trainer\'s seat only for those who run drills, the evaluator\'s for those who evaluate; any person may take part', async () => {
    const wrong: string[] = [];
    for (const who of STAFF_ROLES) {
      const cookie = people.get(who)!.cookie;
      const room = twin.drills.list().find((d) => d.drillId === ids.drillId!)!.roomId!;
      const asTrainer = await joinDrill(twin.httpUrl, room, { role: 'trainer', name: 'x' }, cookie).then((c) => c, () => null);
      if ((asTrainer !== null) !== granted(who, 'drills.run')) wrong.push(`${who} in the trainer's seat: ${asTrainer ? 'let in' : 'refused'}`);
      await asTrainer?.room.leave();
      const asEvaluator = await joinDrill(twin.httpUrl, room, { role: 'evaluator', name: 'x' }, cookie).then((c) => c, () => null);
      if ((asEvaluator !== null) !== granted(who, 'drills.evaluate')) wrong.push(`${who} in the evaluator's seat: ${asEvaluator ? 'let in' : 'refused'}`);
      await asEvaluator?.room.leave();
      const asPlayer = await joinDrill(twin.httpUrl, room, { role: 'commander', name: 'x' }, cookie).then((c) => c, () => null);
      if ((asPlayer !== null) !== granted(who, 'drills.join')) wrong.push(`${who} taking part: ${asPlayer ? 'let in' : 'refused'}`);
      await asPlayer?.room.leave();
    }
    expect(wrong).toEqual([]);
    // Nobody takes part without the drill's code.
    const room = twin.drills.list().find((d) => d.drillId === ids.drillId!)!.roomId!;
    await expect(joinDrill(twin.httpUrl, room, { role: 'commander', name: 'x', code: 'WRONG-CODE' })).rejects.toThrow(/not this drill's join code/);
  }, 120_000);

  it('MQTT: a person\'s login (their personal token as password) reads and writes what their roles\' MQTT grants allow', async () => {
    const refusedPublishes = async () => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), 'twin_broker_refused_total', { what: 'publish' }) ?? 0;
    const wrong: string[] = [];
    const filters: [string, Action][] = [['twin/jinhe/alarm/#', 'mqtt.alarms'], ['twin/jinhe/cap', 'mqtt.alarms'], ['twin/jinhe/notify/#', 'mqtt.live'], ['twin/jinhe/dev/+/telemetry', 'mqtt.live'], ['drill/#', 'mqtt.drills']];
    for (const who of STAFF_ROLES) {
      const p = people.get(who)!;
      const client = await mqtt.connectAsync(twin.mqttUrl, { username: p.login, password: p.token, reconnectPeriod: 0 });
      for (const [filter, action] of filters) {
        // A refusal is SUBACK 0x80, which mqtt.js turns into an error.
        const ok = await client.subscribeAsync(filter, { qos: 0 }).then((g) => g[0]!.qos !== 128, () => false);
        if (ok !== granted(who, action)) wrong.push(`${who} subscribing ${filter}: ${ok ? 'granted' : 'refused'}`);
      }
      // The broker decides before it acknowledges a QoS 1 publish: once both are acknowledged, both are counted.
      const before = await refusedPublishes();
      await client.publishAsync('twin/jinhe/dev/smk-a1-301/ack', JSON.stringify({ reqId: 'x', ok: true }), { qos: 1 }); // never a person's to send
      await client.publishAsync('twin/jinhe/dev/smk-a1-602/status', JSON.stringify({ online: true, battery: 90 }), { qos: 1 });
      const refused = (await refusedPublishes()) - before;
      if ((refused === 1) !== granted(who, 'mqtt.replay')) wrong.push(`${who} publishing a device's status: ${refused === 2 ? 'refused' : 'taken'}`);
      await client.endAsync();
    }
    expect(wrong).toEqual([]);
    // A wrong token is no login at all.
    await expect(mqtt.connectAsync(twin.mqttUrl, { username: 'walk-operator', password: 'twin_nope_nope', reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password|Not authorized/i);
    expect((await fetch(`${twin.httpUrl}metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).status).toBe(200);
  }, 120_000);
});
