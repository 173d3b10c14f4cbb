// A drill nobody uses is withdrawn, so forgotten drills free their place under MAX_DRILLS; one with
// people in it, or one running, is not. Its journal stays for the record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { until } from '../helpers/mqttProbe';
import { startTestTwin } from '../helpers/twin';

let twin: RunningTwin;
const IDLE_MS = 600;
beforeAll(async () => { twin = await startTestTwin({}, { drillIdleMs: IDLE_MS }); });
afterAll(async () => { await twin?.stop(); });

const held = (drillId: string) => twin.drills.get(drillId) !== undefined;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms)); // the idle window is the behaviour under test

describe('idle drills', () => {
  it('a drill left in the lobby with nobody in it is withdrawn; its report says so', async () => {
    const { drillId } = await createDrill(twin.httpUrl, 'ebike-in-elevator');
    await until(() => !held(drillId), 10_000, 'the drill to be withdrawn');
    const listed = await (await fetch(`${twin.httpUrl}api/drills`)).json() as { drillId: string; status: string; outcome?: string }[];
    expect(listed.find((d) => d.drillId === drillId)).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    expect((await (await fetch(`${twin.httpUrl}api/drills/${drillId}/report`)).json() as { outcome: string }).outcome).toBe('abandoned');
  });

  it('not while someone is in it, nor while it runs; once everyone has left a paused drill, it goes', async () => {
    const { drillId, roomId } = await createDrill(twin.httpUrl, 'ebike-in-elevator');
    const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    await pause(IDLE_MS * 3);
    expect(held(drillId)).toBe(true);
    await trainer.ask('control', { cmd: 'start' });
    await trainer.room.leave();
    await pause(IDLE_MS * 3);
    expect(held(drillId)).toBe(true); // running on its own: the scenario plays on
    const again = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    await again.ask('control', { cmd: 'pause' });
    await again.room.leave();
    await until(() => !held(drillId), 10_000, 'the paused, empty drill to be withdrawn');
  });
});
