// The live room is for staff: it checks who joins (a session cookie or a token) and every message against
// the permission table, where the alarm is; refused actions get an error message and the client stays. Each
// client sees the alarms of its scope only (a StateView per client).
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../twin-assets/protocol';
import type { RunningTwin } from '../../sim-server/app';
import { joinLive } from '../helpers/liveClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { addPerson, type TestPerson } from '../helpers/people';

describe('live room authority', () => {
  let twin: RunningTwin;
  let alarmId: string;
  let viewer: TestPerson, operator: TestPerson, elsewhere: TestPerson, here: TestPerson;

  beforeAll(async () => {
    twin = await startTestTwin();
    viewer = await addPerson(twin.httpUrl, ['viewer'], { name: '只读屏' });
    operator = await addPerson(twin.httpUrl, ['operator'], { name: '值班员李明' });
    // The trapped passenger is in 青云安置小区 (cy-c): one community staff member works there, one elsewhere.
    here = await addPerson(twin.httpUrl, ['community'], { name: '社区王红', scope: { courtyardIds: ['cy-c'] } });
    elsewhere = await addPerson(twin.httpUrl, ['community'], { name: '社区赵亮', scope: { courtyardIds: ['cy-a'] } });
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/elv-c1-1/telemetry', JSON.stringify({ readings: { passenger_trapped: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'entrapment alarm');
    alarmId = twin.pipeline.core.openAlarms()[0]!.id;
    await probe.close();
  });
  afterAll(async () => { await twin?.stop(); });

  it('nobody without a session or a token joins; the public feed is GET /api/alarms', async () => {
    await expect(joinLive(twin.httpUrl, { role: 'observer', name: 'x' })).rejects.toThrow(/log in first/);
    const feed = await (await fetch(`${twin.httpUrl}api/alarms`)).json() as { id: string; ackedBy: unknown }[];
    expect(feed.map((a) => a.id)).toEqual([alarmId]);
  });

  it('a viewer sees alarms but its acknowledgement is refused with a reason, and it stays joined', async () => {
    const client = await joinLive(twin.httpUrl, { role: 'observer', name: 'ignored', token: viewer.token });
    expect((await client.welcome).canAcknowledge).toBe(false);
    await until(() => client.alarmState(alarmId) === 'active_unacked', 30_000, 'alarm in the room');
    client.room.send('ack', { type: 'ack', alarmId });
    await until(() => client.errors.length === 1, 30_000, 'error message');
    expect(client.errors[0]).toMatchObject({ code: 'forbidden' });
    expect(client.errors[0]!.message).toContain('只读屏 may not acknowledge alarms');
    expect(twin.pipeline.core.alarms.get(alarmId)?.state).toBe('active_unacked');
    expect(client.room.connection.isOpen).toBe(true);
    await client.leave();
  });

  it('community staff see and act on their courtyards\' alarms only: the room sends no other alarm to their page', async () => {
    const mine = await joinLive(twin.httpUrl, { role: 'observer', name: 'x' }, here.cookie);
    const theirs = await joinLive(twin.httpUrl, { role: 'observer', name: 'x' }, elsewhere.cookie);
    await until(() => mine.alarmState(alarmId) === 'active_unacked', 30_000, 'alarm in the room of the staff whose courtyard it is');
    // The other page has its state (the district id is there) but not the alarm, nor its tasks.
    await until(() => (theirs.room.state as { districtId?: string }).districtId === 'jinhe', 30_000, 'state');
    expect(theirs.alarmState(alarmId)).toBeUndefined();
    expect(Object.keys((theirs.room.state as any).tasks?.toJSON() ?? {})).toEqual([]);
    theirs.room.send('ack', { type: 'ack', alarmId });
    await until(() => theirs.errors.length === 1, 30_000, 'refusal');
    expect(theirs.errors[0]!.message).toMatch(/outside their community or courtyards/);
    // A new alarm in cy-a reaches the other page only.
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 35 } }));
    const gasAlarm = () => twin.pipeline.core.openAlarms().find((a) => a.deviceId === 'gas-a1-301');
    await until(() => gasAlarm() !== undefined, 30_000, 'gas alarm');
    const gas = gasAlarm()!;
    await until(() => theirs.alarmState(gas.id) === 'active_unacked', 30_000, 'the new alarm on the page whose courtyard it is');
    expect(mine.alarmState(gas.id)).toBeUndefined();
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ readings: { gas_lel: 0 } }));
    await probe.close();
    await mine.leave();
    await theirs.leave();
  });

  it('an operator dispatches from the room: the grid worker\'s task goes en route; a viewer may not', async () => {
    const task = twin.pipeline.core.dispatch.tasksOf(alarmId).find((t) => t.kind === 'grid_worker')!;
    const client = await joinLive(twin.httpUrl, { role: 'observer', name: 'x', token: viewer.token });
    await client.welcome;
    client.room.send('task', { taskId: task.id, state: 'en_route' });
    await until(() => client.errors.length === 1, 30_000, 'error message');
    expect(client.errors[0]).toMatchObject({ code: 'forbidden' });
    const op = await joinLive(twin.httpUrl, { role: 'commander', name: 'x' }, operator.cookie);
    await op.welcome;
    op.room.send('task', { taskId: task.id, state: 'en_route' });
    await until(() => twin.pipeline.core.dispatch.get(task.id)?.state === 'en_route', 30_000, 'task en route');
    op.room.send('task', { taskId: task.id, state: 'assigned' }); // no going back
    await until(() => op.errors.length === 1, 30_000, 'error message');
    expect(op.errors[0]!.code).toBe('wrong_state');
    // Who moved it is the person logged in, with their account id: in the task's history and the audit log.
    expect(twin.pipeline.core.dispatch.get(task.id)!.history.at(-1)).toMatchObject({ to: 'en_route', by: '值班员李明', byId: operator.id });
    await op.leave();
    await client.leave();
  });

  it.each([
    ['a malformed ack', 'ack', { alarmId: 42 }, 'bad_message'],
    ['an unknown alarm', 'ack', { alarmId: 'nope' }, 'not_found'],
    ['an unknown message type', 'launch_missiles', {}, 'unknown_message'],
  ])('an operator sending %s gets %s', async (_n, type, body, code) => {
    const op = await joinLive(twin.httpUrl, { role: 'commander', name: 'op', token: OPERATOR_TOKEN });
    await op.welcome;
    op.room.send(type, body);
    await until(() => op.errors.length === 1, 30_000, 'error message');
    expect(op.errors[0]!.code).toBe(code);
    expect(op.room.connection.isOpen).toBe(true);
    await op.leave();
  });

  it.each([
    ['a wrong token', { role: 'commander' as const, name: 'x', token: 'wrong-token' }, /token is not valid/],
    ['no session and no token', { role: 'observer' as const, name: 'x' }, /log in first/],
  ])('joining with %s is refused with a reason', async (_n, options, message) => {
    await expect(joinLive(twin.httpUrl, options)).rejects.toThrow(message);
  });

  it('refused actions are counted', async () => {
    const text = await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text();
    expect(metricValue(text, 'twin_room_actions_refused_total', { reason: 'forbidden' })).toBe(3);
    expect(metricValue(text, 'twin_auth_refused_total', { reason: 'forbidden', surface: 'room' })).toBe(3);
    expect(metricValue(text, 'twin_auth_refused_total', { reason: 'unauthenticated', surface: 'room' })).toBe(2);
    expect(metricValue(text, 'twin_room_actions_refused_total', { reason: 'unknown_message' })).toBe(1);
  });
});

describe('the protocol version in the join options', () => {
  it('refuses a client built for another version, or none, with what to do', async () => {
    const twin = await startTestTwin();
    try {
      const ws = twin.httpUrl.replace(/^http/, 'ws').replace(/\/$/, '');
      for (const [options, said] of [[{ role: 'observer', name: 'x' }, '(none)'], [{ role: 'observer', name: 'x', protocol: PROTOCOL_VERSION + 1 }, String(PROTOCOL_VERSION + 1)]] as const) {
        const err = await new Client(ws).join('live', { ...options, token: OPERATOR_TOKEN }).then(() => null, (e: Error) => e);
        expect(err?.message).toBe(`this client speaks protocol ${said}, the server ${PROTOCOL_VERSION}: reload the page (or update the client) and join again`);
      }
      const ok = await new Client(ws).join('live', { role: 'observer', name: 'x', protocol: PROTOCOL_VERSION, token: OPERATOR_TOKEN });
      await ok.leave();
    } finally { await twin.stop(); }
  });
});
