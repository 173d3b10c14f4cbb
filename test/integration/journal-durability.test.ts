// The journal on a real disk: a full one (a small tmpfs filled to the last byte), and restarts that
// must remember when each device was last heard.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { ManualClock } from '../../sim-server/clock';
import { Journal } from '../../sim-server/journal/journal';
import { ROOM_MESSAGES } from '../../sim-server/rooms/messageGuard';
import { metricValue, SCRAPE } from '../helpers/metrics';

const metric = async (twin: RunningTwin, name: string) => metricValue(await (await fetch(`${twin.httpUrl}metrics`, SCRAPE)).text(), name);
import { createDrill, joinDrill } from '../helpers/drillClient';
import { MqttProbe, until } from '../helpers/mqttProbe';
import { OPERATOR_TOKEN, startTestTwin } from '../helpers/twin';

const ack = (twin: RunningTwin, id: string) => fetch(`${twin.httpUrl}api/alarms/${encodeURIComponent(id)}/ack`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
const health = async (twin: RunningTwin) => { const r = await fetch(`${twin.httpUrl}api/health`); return { status: r.status, body: await r.json() }; };

/** Writes until the file system says ENOSPC; the file is the disk's last free byte. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    const byte = Buffer.alloc(1, 1);
    try { for (;;) writeSync(fd, byte); } catch { /* now truly full */ }
  } finally { closeSync(fd); }
}

const isRoot = process.getuid?.() === 0;
/** Pacing, not waiting on a condition: a room takes a person's pace of messages (ROOM_MESSAGES). */
const keepToRoomRate = () => new Promise<void>((done) => setTimeout(done, 1000 / ROOM_MESSAGES.perSecond + 20));

// A real full disk needs a small file system of our own: mount(8) needs root (CI runs as root).
describe.runIf(isRoot)('the journal on a full disk', () => {
  const mount = mkdtempSync(join(tmpdir(), 'full-disk-'));
  let twin: RunningTwin | null = null;
  afterAll(async () => {
    await twin?.stop();
    try { execFileSync('umount', [mount]); } catch { /* not mounted */ }
  });

  it('still announces the alarm, answers 503 for an ack it cannot record, and writes everything once the disk has room', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mount]);
    const dataDir = join(mount, 'data');
    twin = await startTestTwin({ DATA_DIR: dataDir });
    const probe = await MqttProbe.connect(twin.mqttUrl, ['twin/jinhe/alarm/#', 'twin/jinhe/cap']);
    const drill = await createDrill(twin.httpUrl, 'gas-leak-elderly-kitchen', 1);
    const trainer = await joinDrill(twin.httpUrl, drill.roomId, { role: 'trainer', name: '王教官' });
    fillDisk(join(mount, 'filler'));

    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 40 } }));
    // Life safety first: the alarm and its CAP go out although the journal cannot record them.
    const alarmMsg = await probe.waitFor((m) => m.topic.startsWith('twin/jinhe/alarm/') && m.payload.length > 0, 10_000, 'the retained alarm');
    await probe.waitFor((m) => m.topic === 'twin/jinhe/cap' && m.payload.includes('<msgType>Alert</msgType>'), 10_000, 'the CAP Alert');
    const alarm = JSON.parse(alarmMsg.payload.toString());
    expect(alarm).toMatchObject({ deviceId: 'gas-a1-301', state: 'active_unacked' });

    const degraded = await health(twin);
    expect(degraded.status).toBe(503);
    expect(degraded.body.journal).toMatch(/^failing: ENOSPC.*journal-jinhe\.jsonl/);
    expect(await metric(twin, 'twin_journal_failing')).toBe(1);
    expect(await metric(twin, 'twin_journal_unrecorded_events_total')).toBeGreaterThan(0);

    const refused = await ack(twin, alarm.id);
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(/journal cannot record this now \(ENOSPC/);
    expect(twin.pipeline.core.alarms.get(alarm.id)!.state).toBe('active_unacked'); // nothing half-done
    // A drill goes on ticking; the trainer's controls, which the review needs, wait for the disk.
    // (The drill journal's last page may still have room: its records fill that first, then the disk refuses.)
    const session = twin.drills.get(drill.drillId)!;
    let refusedControl: { type: string; message?: string } | null = null;
    for (let i = 0; i < 500 && !refusedControl; i++) {
      const speed = 2 + (i % 2);
      await keepToRoomRate();
      const answer = await trainer.ask('control', { cmd: 'speed', speed }) as { type: string; message?: string };
      if (answer.type === 'error') { refusedControl = answer; expect(session.speed).toBe(speed === 2 ? 3 : 2); } // unchanged: nothing half-done
    }
    expect(refusedControl?.message).toMatch(/the drill's journal cannot be written now \(ENOSPC/);

    rmSync(join(mount, 'filler'));
    await until(async () => (await health(twin!)).status === 200, 15_000, 'health to clear by itself');
    expect(await metric(twin, 'twin_journal_failing')).toBe(0);
    const written = Journal.read(join(dataDir, 'journal-jinhe.jsonl'));
    expect(written.alarms.map((s) => [s.alarm.id, s.alarm.state])).toEqual([[alarm.id, 'active_unacked']]);

    expect((await ack(twin, alarm.id)).status).toBe(200);
    expect(await trainer.ask('control', { cmd: 'start' })).toMatchObject({ type: 'done' });
    expect(session.status).toBe('running');
    await trainer.room.leave();
    await probe.close();
    await twin.stop();
    twin = await startTestTwin({ DATA_DIR: dataDir });
    expect(twin.pipeline.core.alarms.get(alarm.id)).toMatchObject({ state: 'active_acked', ackedBy: 'service operator' });
  });
});

describe('when each device was last heard survives a restart', () => {
  it('a device silent since before the restart is found offline, and the API still says when it was heard', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heard-'));
    const clock = new ManualClock(1_763_870_400_000);
    let twin = await startTestTwin({ DATA_DIR: dataDir }, { clock, tickMs: 3_600_000 });
    const heardAt = clock.now();
    const probe = await MqttProbe.connect(twin.mqttUrl);
    await probe.publish('twin/jinhe/dev/gas-a1-301/telemetry', JSON.stringify({ seq: 1, readings: { gas_lel: 0 } }));
    await probe.close();
    await until(() => twin.pipeline.core.devices.get('gas-a1-301')!.lastHeard !== null, 30_000, 'the reading');
    await twin.stop();

    clock.advance(10 * 60_000); // past three missed report intervals of a gas detector
    twin = await startTestTwin({ DATA_DIR: dataDir }, { clock, tickMs: 3_600_000 });
    try {
      const device = await (await fetch(`${twin.httpUrl}api/devices/gas-a1-301`)).json();
      expect(device.state.lastHeard).toBe(heardAt);
      twin.pipeline.tick();
      const offline = twin.pipeline.core.openAlarms().filter((a) => a.kind === 'device_offline').map((a) => a.deviceId);
      expect(offline).toEqual(['gas-a1-301']);
    } finally { await twin.stop(); }
  });
});
