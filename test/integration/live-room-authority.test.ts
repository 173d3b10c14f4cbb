// The live room checks every message: refused actions get an error message and the client stays.
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../twin-assets/protocol';
import type { RunningTwin } from '../../sim-server/app';
import { joinLive } from '../helpers/liveClient';
import { metricValue } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

describe('live room authority', () => {
  let twin: RunningTwin;
  let alarmId: string;

  beforeAll(async () => {
    twin = await startTestTwin();
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/elv-c1-1/telemetry', JSON.stringify({ readings: { passenger_trapped: true } }));
    await until(() => twin.pipeline.core.openAlarms().length === 1, 30_000, 'entrapment alarm');
    alarmId = twin.pipeline.core.openAlarms()[0]!.id;
    await probe.close();
  });
  afterAll(async () => { await twin?.stop(); });

  it('an observer sees alarms but its acknowledgement is refused with a reason, and it stays joined', async () => {
    const viewer = await joinLive(twin.httpUrl, { role: 'observer', name: 'viewer' });
    expect((await viewer.welcome).canAcknowledge).toBe(false);
    await until(() => viewer.alarmState(alarmId) === 'active_unacked', 30_000, 'alarm in the room');
    viewer.room.send('ack', { type: 'ack', alarmId });
    await until(() => viewer.errors.length === 1, 30_000, 'error message');
    expect(viewer.errors[0]).toMatchObject({ code: 'forbidden' });
    expect(twin.pipeline.core.alarms.get(alarmId)?.state).toBe('active_unacked');
    expect(viewer.room.connection.isOpen).toBe(true);
    await viewer.leave();
  });

  it('an operator dispatches from the room: the grid worker\'s task goes en route; an observer may not', async () => {
    const task = twin.pipeline.core.dispatch.tasksOf(alarmId).find((t) => t.kind === 'grid_worker')!;
    const viewer = await joinLive(twin.httpUrl, { role: 'observer', name: 'viewer' });
    await viewer.welcome;
    viewer.room.send('task', { taskId: task.id, state: 'en_route' });
    await until(() => viewer.errors.length === 1, 30_000, 'error message');
    expect(viewer.errors[0]).toMatchObject({ code: 'forbidden' });
    const op = await joinLive(twin.httpUrl, { role: 'commander', name: '值班员', token: OPERATOR_TOKEN });
    await op.welcome;
    op.room.send('task', { taskId: task.id, state: 'en_route' });
    await until(() => twin.pipeline.core.dispatch.get(task.id)?.state === 'en_route', 30_000, 'task en route');
    op.room.send('task', { taskId: task.id, state: 'assigned' }); // no going back
    await until(() => op.errors.length === 1, 30_000, 'error message');
    expect(op.errors[0]!.code).toBe('wrong_state');
    await op.leave();
    await viewer.leave();
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
    ['a wrong token', { role: 'commander' as const, name: 'x', token: 'wrong-token' }, /operator token is not valid/],
    ['an unknown role', { role: 'pilot' as never, name: 'x' }, /unknown role "pilot"/],
    ['an empty name', { role: 'observer' as const, name: '' }, /name must be/],
  ])('joining with %s is refused with a reason', async (_n, options, message) => {
    await expect(joinLive(twin.httpUrl, options)).rejects.toThrow(message);
  });

  it('refused actions are counted', async () => {
    const text = await (await fetch(`${twin.httpUrl}metrics`)).text();
    expect(metricValue(text, 'twin_room_actions_refused_total', { reason: 'forbidden' })).toBe(2);
    expect(metricValue(text, 'twin_room_actions_refused_total', { reason: 'unknown_message' })).toBe(1);
  });
});

describe('the protocol version in the join options', () => {
  it('refuses a client built for another version, or none, with what to do', async () => {
    const twin = await startTestTwin();
    try {
      const ws = twin.httpUrl.replace(/^http/, 'ws').replace(/\/$/, '');
      for (const [options, said] of [[{ role: 'observer', name: 'x' }, '(none)'], [{ role: 'observer', name: 'x', protocol: PROTOCOL_VERSION + 1 }, String(PROTOCOL_VERSION + 1)]] as const) {
        const err = await new Client(ws).joinOrCreate('live', options).then(() => null, (e: Error) => e);
        expect(err?.message).toBe(`this client speaks protocol ${said}, the server ${PROTOCOL_VERSION}: reload the page (or update the client) and join again`);
      }
      const ok = await new Client(ws).joinOrCreate('live', { role: 'observer', name: 'x', protocol: PROTOCOL_VERSION });
      await ok.leave();
    } finally { await twin.stop(); }
  });
});
