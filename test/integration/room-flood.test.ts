// A participant flooding a drill room is held to a person's pace (refused, counted, told once a second,
// still connected) while a live gas alarm still goes out; a crowd of observers never locks the trainer out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { ROOM_MESSAGES } from '../../sim-server/rooms/messageGuard';
import { createDrill, joinDrill, type DrillClient } from '../helpers/drillClient';
import { metricValue, SCRAPE } from '../helpers/metrics';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

let twin: RunningTwin;
let drill: { drillId: string; roomId: string };
const metric = async (name: string, labels: Record<string, string>) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), name, labels) ?? 0;

beforeAll(async () => {
  twin = await startTestTwin({ MAX_GUESTS: '200' }); // a crowd of guests, up to the room's own limit
  drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
});
afterAll(async () => { await twin?.stop(); });

describe('a flooding participant', () => {
  it('is held to a person\'s pace while a live alarm still goes out, and stays connected', async () => {
    const trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
    await trainer.ask('control', { cmd: 'start' });
    const flooder = await joinDrill(twin.httpUrl, drill.roomId, { role: 'grid_worker', name: '刘芳' });
    const probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/cap']);
    const FLOOD = 5000;
    for (let i = 0; i < FLOOD; i++) flooder.send('act', { action: 'report_hazard', text: `flood ${i}` });
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 40 } }));
    await probe.waitFor((m) => m.payload.includes('<msgType>Alert</msgType>'), 20_000, 'the live CAP Alert during the flood');
    await until(async () => (await metric('twin_room_messages_refused_total', { room: 'drill', reason: 'rate_limited' })) >= FLOOD - ROOM_MESSAGES.burst - 60, 60_000, 'the flood refused');
    const answered = flooder.done.length + flooder.errors.filter((e) => e.code !== 'rate_limited').length;
    expect(answered).toBeLessThanOrEqual(ROOM_MESSAGES.burst + 60); // a person's pace, not 5,000
    expect(flooder.errors.some((e) => e.code === 'rate_limited' && /at most 5 a second/.test(e.message) && e.zh)).toBe(true);
    expect(flooder.errors.filter((e) => e.code === 'rate_limited').length).toBeLessThan(60); // told once a second, not 5,000 times
    expect(flooder.room.connection.isOpen).toBe(true);
    await probe.close();
  }, 120_000);
});

describe('the trainer\'s seat', () => {
  it('is kept when observers fill the drill', async () => {
    const other = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen', 2);
    const observers: DrillClient[] = [];
    for (let i = 0; i < 99; i++) observers.push(await joinDrill(twin.httpUrl, other.roomId, { role: 'observer', name: `观察员${i}` }));
    await expect(joinDrill(twin.httpUrl, other.roomId, { role: 'observer', name: '观察员100' })).rejects.toThrow(/the drill is full \(99 players\); the trainer's seat is kept/);
    const trainer = await joinDrill(twin.httpUrl, other.roomId, { role: 'trainer', name: '王教官' });
    expect((await trainer.welcome).role).toBe('trainer');
    await Promise.all([trainer, ...observers].map((c) => c.room.leave()));
  }, 120_000);
});
