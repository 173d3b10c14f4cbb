// A drill nobody uses is withdrawn, so forgotten drills free their place under MAX_DRILLS; one with
// people in it, or one running, is not. Its journal stays for the record.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { createDrill, joinDrill } from '../helpers/drillClient';
import { metricValue } from '../helpers/metrics';
import { until } from '../helpers/mqttProbe';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';

let twin: RunningTwin;
const IDLE_MS = 600;
const TICK_MS = 100;
const EMPTY_PAUSE_MS = 4000;
beforeAll(async () => { twin = await startTestTwin({}, { drillIdleMs: IDLE_MS, drillEmptyPauseMs: EMPTY_PAUSE_MS }); });
afterAll(async () => { await twin?.stop(); });

const held = (drillId: string) => twin.drills.get(drillId) !== undefined;
/** Drill room ticks run so far (every drill room's, 100 ms of room time each), from the tick histogram. */
const ticks = async () => metricValue(await twin.metrics.registry.metrics(), 'twin_drill_tick_seconds_count') ?? 0;
/** Waits until the drill rooms have ticked through `ms` of their own time: on a busy machine that takes
 * longer, and the idle window is still measured in the room's ticks, as the room measures it. */
async function roomTimePasses(ms: number): Promise<void> {
  const from = await ticks();
  await until(async () => (await ticks()) - from >= ms / TICK_MS, 60_000, `${ms} ms of drill room ticks`);
}

describe('idle drills', () => {
  it('a drill left in the lobby with nobody in it is withdrawn; its report says so', async () => {
    const { drillId } = await createDrill(twin.httpUrl, 'ebike-in-elevator');
    await until(() => !held(drillId), 10_000, 'the drill to be withdrawn');
    const listed = await (await fetch(`${twin.httpUrl}api/drills`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as { drillId: string; status: string; outcome?: string }[];
    expect(listed.find((d) => d.drillId === drillId)).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    expect((await (await fetch(`${twin.httpUrl}api/drills/${drillId}/report`, { headers: { authorization: `Bearer ${TRAINER_TOKEN}` } })).json() as { outcome: string }).outcome).toBe('abandoned');
  });

  it('not while someone is in it, nor while it runs; once everyone has left a paused drill, it goes', async () => {
    const { drillId, roomId } = await createDrill(twin.httpUrl, 'ebike-in-elevator');
    const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    await roomTimePasses(IDLE_MS * 3);
    expect(held(drillId)).toBe(true);
    await trainer.ask('control', { cmd: 'start' });
    await trainer.room.leave();
    await roomTimePasses(IDLE_MS * 3);
    expect(held(drillId)).toBe(true); // running on its own for a while: the scenario plays on
    const again = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    await again.ask('control', { cmd: 'pause' });
    await again.room.leave();
    await until(() => !held(drillId), 10_000, 'the paused, empty drill to be withdrawn');
  });

  it('a running drill everyone has left pauses, so it never runs on for nobody; then, empty and paused, it goes', async () => {
    const { drillId, roomId } = await createDrill(twin.httpUrl, 'ebike-in-elevator');
    const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
    await trainer.ask('control', { cmd: 'start' });
    await trainer.ask('control', { cmd: 'speed', speed: 10 });
    const session = twin.drills.get(drillId)!;
    await trainer.room.leave();
    await until(() => session.status === 'paused' || !held(drillId), 60_000, 'the empty drill to pause');
    await until(() => !held(drillId), 60_000, 'the paused, empty drill to be withdrawn');
    const journal = readFileSync(session.file, 'utf8');
    expect(journal).toContain('"by":"server (nobody left in the drill)","role":"trainer","control":{"cmd":"pause"}');
  });

  it('an ended drill goes cleanly while a player\'s page is away: its return window closes on the closed drill, not on its freed kernel', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { errors.push(a.map(String).join(' ')); });
    try {
      const { drillId, roomId } = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen');
      const trainer = await joinDrill(twin.httpUrl, roomId, { role: 'trainer', name: '王教官' });
      const worker = await joinDrill(twin.httpUrl, roomId, { role: 'grid_worker', name: '刘芳' });
      await worker.welcome;
      const session = twin.drills.get(drillId)!;
      expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done' });
      expect(await trainer.ask('control', { cmd: 'end' })).toMatchObject({ type: 'done' });
      await worker.room.leave(false); // the page drops: a return window opens
      await trainer.room.leave();
      // It may wait out the page's 30 s return window first; on a busy machine longer.
      await until(() => !held(drillId) && session.closed, 120_000, 'the ended drill to go');
      // Before the mend the freed physics world was touched as the window closed ("null pointer passed to rust"),
      // at once here: an error has that long to show.
      await until(() => errors.length > 0, 3_000, 'an error').catch(() => {});
      expect(errors).toEqual([]);
    } finally { spy.mockRestore(); }
  }, 240_000);
});
