// The whole live path, real at every hop, against both brokers: a reading published by an MQTT
// client → bridge → twin core → retained alarm JSON + CAP on MQTT → live room → acknowledgement.
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import type { AlarmJson } from '../../twin-assets/protocol';
import { validateCap } from '../helpers/capSchema';
import { joinLive, type LiveClient } from '../helpers/liveClient';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';
import { addPerson } from '../helpers/people';

const D = 'jinhe';

describe.each(['embedded aedes', 'mosquitto'] as const)('live path through %s', (brokerKind) => {
  let mosquitto: Mosquitto | null = null;
  let twin: RunningTwin;
  let probe: MqttProbe;
  let operator: LiveClient;
  let observer: LiveClient;
  // Time is the test's: delays and escalation run when it moves the clock, not while it waits.
  const clock = new ManualClock(Date.now());
  const advance = (ms: number) => { clock.advance(ms); twin.pipeline.tick(); };

  beforeAll(async () => {
    if (brokerKind === 'mosquitto') mosquitto = await startMosquitto();
    twin = await startTestTwin(mosquitto ? { MQTT_URL: mosquitto.url } : {}, { clock, tickMs: 3_600_000 });
    expect(twin.embeddedBroker).toBe(brokerKind === 'embedded aedes');
    probe = await MqttProbe.connect(twin.mqttUrl, [`twin/${D}/alarm/#`, `twin/${D}/cap`]);
    // The operator is a person logged in (their session cookie, as a browser joins): the records name them.
    operator = await joinLive(twin.httpUrl, { role: 'commander', name: 'ignored' }, (await addPerson(twin.httpUrl, ['operator'], { name: '值班员王强' })).cookie);
    observer = await joinLive(twin.httpUrl, { role: 'observer', name: 'viewer', token: (await addPerson(twin.httpUrl, ['viewer'])).token });
  });

  afterAll(async () => {
    await operator?.leave();
    await observer?.leave();
    await probe?.close();
    await twin?.stop();
    await mosquitto?.stop();
  });

  const alarmsOf = async (deviceId: string) =>
    ((await (await fetch(`${twin.httpUrl}api/alarms`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()) as AlarmJson[]).filter((a) => a.deviceId === deviceId);

  it('a JSON gas reading becomes a retained alarm, a valid CAP Alert, room state and an acknowledgement', async () => {
    expect((await operator.welcome).canAcknowledge).toBe(true);
    const sent = Date.now();
    await probe.publish(`twin/${D}/dev/gas-a1-301/telemetry`, JSON.stringify({ ts: sent, seq: 1, readings: { gas_lel: 40 } }));

    const alarmMsg = await probe.waitFor((m) => m.topic.startsWith(`twin/${D}/alarm/gas-a1-301.`) && m.payload.length > 0, 30_000, 'alarm JSON');
    const alarm = JSON.parse(alarmMsg.payload.toString()) as AlarmJson;
    // 40 %LEL is level II; she is 82 and lives alone, which raises it to I.
    expect(alarm).toMatchObject({ deviceId: 'gas-a1-301', deviceType: 'gas', kind: 'gas_leak', level: 'I', state: 'active_unacked', exercise: false, reading: { gas_lel: 40 } });
    expect(alarm.notified).toEqual(['household', 'building', 'grid', 'community', 'street']);
    expect(alarm.location).toMatchObject({ courtyardId: 'cy-a', buildingId: 'b-a1', floor: 3 });

    const cap = await probe.waitFor((m) => m.topic === `twin/${D}/cap` && m.payload.includes(alarm.id), 30_000, 'CAP');
    const xml = cap.payload.toString();
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(validateCap(xml)).toMatchObject({ valid: true });

    // A client that subscribes later still gets the alarm: it is retained.
    const late = await MqttProbe.connect(twin.mqttUrl, [`twin/${D}/alarm/+`]);
    const retained = await late.waitFor((m) => m.topic === alarmMsg.topic, 30_000, 'retained alarm');
    expect(retained.retain).toBe(true);
    await late.close();

    await until(() => operator.alarmState(alarm.id) === 'active_unacked' && observer.deviceDisplay('gas-a1-301') === 'alarm_unacked', 30_000, 'room state');

    operator.room.send('ack', { type: 'ack', alarmId: alarm.id });
    await until(() => observer.alarmState(alarm.id) === 'active_acked', 30_000, 'acked in the room');
    expect(observer.deviceDisplay('gas-a1-301')).toBe('alarm_acked');
    const [acked] = await alarmsOf('gas-a1-301');
    expect(acked).toMatchObject({ state: 'active_acked', ackedBy: '值班员王强' });
    const ackedMsg = await probe.waitFor((m) => m.topic === alarmMsg.topic && m.payload.includes('"active_acked"'), 30_000, 'retained update');
    expect(JSON.parse(ackedMsg.payload.toString()).ackedAt).toBe(clock.now()); // the twin's clock, not the wall's
    const update = await probe.waitFor((m) => m.topic === `twin/${D}/cap` && m.payload.includes('<msgType>Update</msgType>') && m.payload.includes(alarm.id), 30_000, 'CAP Update');
    expect(validateCap(update.payload.toString()).valid).toBe(true);
    expect(update.payload.toString()).toMatch(/<valueName>acknowledgedBy<\/valueName>\s*<value>值班员王强<\/value>/);

    // Back to normal after acknowledgement: closed once the 30 s off-delay has passed; retained message cleared, CAP Cancel.
    await probe.publish(`twin/${D}/dev/gas-a1-301/telemetry`, JSON.stringify({ ts: Date.now(), seq: 2, readings: { gas_lel: 1 } }));
    await until(() => twin.pipeline.core.devices.get('gas-a1-301')?.lastSeq === 2, 30_000, 'the clearing reading');
    advance(29_000);
    expect(twin.pipeline.core.alarms.get(alarm.id)?.state).toBe('active_acked');
    advance(1_000);
    await probe.waitFor((m) => m.topic === alarmMsg.topic && m.payload.length === 0, 30_000, 'cleared retained alarm');
    const cancel = await probe.waitFor((m) => m.topic === `twin/${D}/cap` && m.payload.includes('<msgType>Cancel</msgType>') && m.payload.includes(alarm.id), 30_000, 'CAP Cancel');
    expect(validateCap(cancel.payload.toString()).valid).toBe(true);
    await until(() => observer.alarmState(alarm.id) === undefined && observer.deviceDisplay('gas-a1-301') === undefined, 30_000, 'alarm gone from the room');
    expect(await alarmsOf('gas-a1-301')).toEqual([]);
  });

  it('a MessagePack reading goes the same way; back to normal before acknowledgement gives rtn_unacked, then HTTP ack closes it', async () => {
    await probe.publish(`twin/${D}/dev/gas-b1-201/telemetry`, pack({ ts: Date.now(), seq: 7, readings: { gas_lel: 55 } }));
    await until(async () => (await alarmsOf('gas-b1-201')).length === 1, 30_000, 'alarm from MessagePack');
    const [alarm] = await alarmsOf('gas-b1-201');
    expect(alarm).toMatchObject({ level: 'I', notified: ['household', 'building', 'grid', 'community', 'street'] });

    await probe.publish(`twin/${D}/dev/gas-b1-201/telemetry`, pack({ seq: 8, readings: { gas_lel: 0.5 } }));
    await until(() => twin.pipeline.core.devices.get('gas-b1-201')?.lastSeq === 8, 30_000, 'the clearing reading');
    advance(30_000);
    await until(() => observer.alarmState(alarm!.id) === 'rtn_unacked', 30_000, 'rtn_unacked in the room');
    expect(observer.deviceDisplay('gas-b1-201')).toBe('rtn_unacked');

    const res = await fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(alarm!.id)}/ack`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: alarm!.id, state: 'closed' });
    await until(() => observer.alarmState(alarm!.id) === undefined, 30_000, 'closed alarm leaves the room');
    const closed = (await (await fetch(`${twin.httpUrl}api/alarms?state=closed`)).json()) as AlarmJson[];
    expect(closed.map((a) => a.id)).toContain(alarm!.id);
  });

  it('elevator cars, crane jibs and flood water reach the room', async () => {
    await probe.publish(`twin/${D}/dev/elv-c2-1/telemetry`, JSON.stringify({ readings: { floor: 12, door_open: true } }));
    await probe.publish(`twin/${D}/dev/crane-d1/telemetry`, JSON.stringify({ readings: { load_kg: 1500, moment_pct: 60, slew_speed_dps: 1 } }));
    await probe.publish(`twin/${D}/dev/lvl-s-underpass/telemetry`, JSON.stringify({ readings: { level_m: 0.25 } }));
    const state = () => observer.room.state as { elevators: Map<string, { floor: number; doorOpen: boolean }>; cranes: Map<string, { radiusM: number }>; floods: Map<string, number> };
    await until(() => state().elevators.get('el-c2-1')?.floor === 12 && state().cranes.has('tc-d1') && state().floods.get('fz-underpass') !== undefined, 30_000, 'movement in the room');
    expect(state().elevators.get('el-c2-1')!.doorOpen).toBe(true);
    expect(state().cranes.get('tc-d1')!.radiusM).toBeCloseTo(0.6 * 78_000 / 1500, 3);
    expect(state().floods.get('fz-underpass')).toBeCloseTo(0.25, 5);
  });

  it('a device\'s last will raises a device-offline alarm, which returns to normal when it is back', async () => {
    await probe.publish(`twin/${D}/dev/mh-s-2/status`, JSON.stringify({ online: false, battery: 90 }), { retain: true });
    await until(() => observer.deviceDisplay('mh-s-2') === 'alarm_unacked', 30_000, 'offline alarm');
    const [offline] = (await alarmsOf('mh-s-2'));
    expect(offline).toMatchObject({ kind: 'device_offline', level: 'IV' });
    await probe.publish(`twin/${D}/dev/mh-s-2/status`, JSON.stringify({ online: true, battery: 90 }), { retain: true });
    await until(() => observer.alarmState(offline!.id) === 'rtn_unacked', 30_000, 'back online');
  });

  it('an unacknowledged alarm escalates a level when its time runs out, in the room and as a CAP Update', async () => {
    await probe.publish(`twin/${D}/dev/smk-a1-602/telemetry`, JSON.stringify({ readings: { alarm: true } }));
    await until(async () => (await alarmsOf('smk-a1-602')).length === 1, 30_000, 'smoke alarm');
    const [smoke] = await alarmsOf('smk-a1-602');
    expect(smoke!.level).toBe('II');
    advance(3 * 60_000); // level II waits 3 minutes for an acknowledgement
    await until(() => (observer.room.state as { alarms: Map<string, { level: string }> }).alarms.get(smoke!.id)?.level === 'I', 30_000, 'escalated in the room');
    const update = await probe.waitFor((m) => m.topic === `twin/${D}/cap` && m.payload.includes(smoke!.id) && m.payload.includes('<msgType>Update</msgType>'), 30_000, 'CAP Update');
    expect(update.payload.toString()).toContain('<severity>Extreme</severity>');
    expect(validateCap(update.payload.toString()).valid).toBe(true);
  });
});
