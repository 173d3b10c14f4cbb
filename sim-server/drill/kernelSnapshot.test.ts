// A drill brought back from a kernel snapshot tells the same story as the drill that never stopped. For every
// golden journal (test/fixtures/golden-drills/: every built-in scenario, and a drill of every kind of input),
// the kernel is snapshotted after several of its inputs, a fresh kernel set to the snapshot's bytes, and the
// rest of the inputs fed to it: its effects, byte for byte, and every ten simulated seconds its hazards, figures
// and open alarms, are those of the uninterrupted replay. Then the file checks (a snapshot that no longer fits
// its journal is refused naming the line), and a drill session on a real broker brought back both ways.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { startMosquitto, type Mosquitto } from '../../test/helpers/mosquitto';
import { DrillLog, type DrillRecord } from './drillLog';
import { DrillSession, SNAPSHOT_EVERY_S } from './drillSession';
import { STEPS_PER_S, type Incident, type IncidentEffect, type IncidentSetup } from './incident';
import { readSnapshot, restoreSnapshot, snapshotFileOf, takeSnapshot, writeSnapshot } from './kernelSnapshot';
import { feedInputs, replayInputs } from './replayInputs';

const dir = fileURLToPath(new URL('../../test/fixtures/golden-drills/', import.meta.url));
const goldens = readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort();

function journalOf(file: string): { setup: IncidentSetup; records: DrillRecord[] } {
  const lines = gunzipSync(readFileSync(join(dir, file))).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as IncidentEffect | { tick: number });
  const records = lines.flatMap((e) => ('kind' in e && e.kind === 'record' ? [e.record] : []));
  const created = records[0] as Extract<DrillRecord, { t: 'created' }>;
  return { setup: { drillId: created.drillId, scenario: created.scenario, seed: created.seed, createdAt: created.createdAt, index: bundledIndex(), rules: bundledRules() }, records: records.slice(1) };
}

/** What a run shows: its effects, and every ten simulated seconds what the scene draws, the alarms and tasks open
 * and the scenario's devices as the twin holds them. */
const tracer = (lines: string[]) => (effects: IncidentEffect[], k: Incident) => {
  for (const e of effects) lines.push(JSON.stringify(e));
  if (k.ticks % (10 * STEPS_PER_S) === 0) lines.push(JSON.stringify({ tick: k.ticks, hazards: k.run.hazardViews(), avatars: k.avatars.snapshot(), alarms: k.core.openAlarms(), tasks: k.core.openAlarms().map((a) => k.core.dispatch.tasksOf(a.id)), devices: [...k.run.deviceIds()].map((id) => [k.core.devices.get(id), k.core.devices.seriesOf(id)]) }));
};

describe('a drill resumed from a kernel snapshot', () => {
  let delaysKept = 0;

  it.each(goldens)('%s: the same story after a snapshot as without one', async (file) => {
    const { setup, records } = journalOf(file);
    const whole: string[] = [];
    const k = await replayInputs(setup, records, tracer(whole));
    k.free();

    const inputs = records.flatMap((r, i) => (r.t === 'input' ? [i] : []));
    const firstAlarm = records.findIndex((r) => r.t === 'alarm');
    const cuts = new Set([inputs[inputs.length >> 2]!, inputs[inputs.length >> 1]!, inputs[(inputs.length * 3) >> 2]!, inputs.find((i) => i > firstAlarm) ?? inputs[0]!]);
    for (const cut of cuts) {
      const before: string[] = [];
      const a = await replayInputs(setup, records.slice(0, cut + 1), tracer(before));
      expect(before).toEqual(whole.slice(0, before.length));
      delaysKept += a.saveState().run.machine.delays.length;
      const bytes = takeSnapshot(a);
      a.free();
      const after: string[] = [];
      const b = await restoreSnapshot(setup, bytes);
      feedInputs(b, records.slice(cut + 1), tracer(after));
      b.free();
      const rest = whole.slice(before.length);
      const first = after.findIndex((l, i) => l !== rest[i]);
      expect(first === -1 ? null : { cut, at: first, resumed: after[first], uninterrupted: rest[first] }).toBeNull();
      expect(after.length).toBe(rest.length);
    }
  }, 180_000);

  it('kept the scenario machine\'s pending delays (injects and time limits) in some of them', () => {
    expect(delaysKept).toBeGreaterThan(0);
  });
});

describe('the snapshot file beside a journal', () => {
  it('fits its journal as written, and is refused, naming the line, once the journal is edited or cut', async () => {
    const { setup, records } = journalOf('every-input.jsonl.gz');
    const k = await replayInputs(setup, records.slice(0, 40), () => {});
    const file = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'drill.jsonl');
    const lines = records.slice(0, 41).map((r) => `${JSON.stringify(r)}\n`);
    writeFileSync(file, lines.join(''));
    writeSnapshot(file, k, Buffer.byteLength(lines.join('')), lines[lines.length - 1]!);
    k.free();
    const journal = readFileSync(file);
    const read = readSnapshot(file, journal);
    expect(read?.ok && read.header.simS).toBe(k.simS);
    // More lines after it: still fits (they are the inputs after the snapshot).
    expect(readSnapshot(file, Buffer.concat([journal, Buffer.from('{"t":"leave","simS":9,"playerId":"p1"}\n')]))?.ok).toBe(true);
    // The last line before it changed by hand (the same length): refused, naming line 41.
    const edited = Buffer.from(journal);
    const t = journal.lastIndexOf(0x0a, journal.length - 2) + 2;
    edited[t] = edited[t]! ^ 1; // {"t" → {"u"
    const refused = readSnapshot(file, edited);
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining('line 41 of the journal') });
    // Cut back before it.
    expect(readSnapshot(file, journal.subarray(0, 100))).toEqual({ ok: false, reason: expect.stringMatching(/byte \d+ of the journal, which now has only 100 bytes/) });
    // Bytes that are not a snapshot.
    writeFileSync(file.replace(/\.jsonl$/, '.snapshot'), 'not a snapshot');
    expect(readSnapshot(file, journal)).toEqual({ ok: false, reason: expect.stringContaining('cannot be read') });
    expect(DrillLog.parse(journal)).toHaveLength(41);
  });
});

describe('a drill session brought back after its server stopped', () => {
  let broker: Mosquitto;
  beforeAll(async () => { broker = await startMosquitto(); }, 60_000);
  afterAll(async () => { await broker?.stop(); });

  it('comes back from its last snapshot and the inputs after it; from every input when the journal was edited since', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'snapshot-session-'));
    const scenario = builtinScenarios().find((x) => x.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
    const deps = { index: bundledIndex(), rules: bundledRules(), mqttUrl: broker.url, dataDir };
    const live = await DrillSession.create({ ...deps, drillId: 'snap-session', scenario, seed: 3, log: () => {} });
    live.join('trainer', '王教官');
    const worker = live.join('grid_worker', '刘芳');
    expect(live.control('王教官 (trainer)', { cmd: 'start' }).ok).toBe(true);
    live.advance((SNAPSHOT_EVERY_S + 1) * 1000); // a simulated minute: a snapshot
    const snapshot = snapshotFileOf(live.file);
    const kept = `${snapshot}.kept`;
    copyFileSync(snapshot, kept);
    live.move(worker.id, live.incident.site.x, live.incident.site.y);
    live.say('王教官 (trainer)', 'all', '注意安全');
    live.advance(20_000);
    const { ticks, run } = live.incident;
    const timeline = JSON.stringify(run.timeline);
    const where = live.incident.avatars.position(worker.id);
    await live.close(); // writes a snapshot of its own: the one kept from the minute goes back, as after a crash
    copyFileSync(kept, snapshot);

    const logged: string[] = [];
    const back = await DrillSession.resume({ ...deps, log: (l) => logged.push(l) }, live.file, readFileSync(live.file));
    expect(back.from).toMatch(/^its snapshot at 6\d s and 2 inputs after it$/);
    expect(back.how).toBe('snapshot');
    expect(back.session.incident.ticks).toBe(ticks);
    expect(back.session.status).toBe('paused');
    expect(JSON.stringify(back.session.incident.run.timeline)).toBe(timeline);
    expect(back.session.incident.avatars.position(worker.id)).toEqual(where);
    await back.session.close();
    copyFileSync(kept, snapshot);

    // The line the snapshot ends on, changed by hand: refused with its line number, every input replayed instead.
    const journal = readFileSync(live.file);
    const offset = (JSON.parse(readFileSync(snapshot).subarray(0, readFileSync(snapshot).indexOf(0x0a)).toString()) as { offset: number }).offset;
    const line = journal.subarray(0, offset).toString().split('\n').length - 1;
    const edited = Buffer.from(journal);
    const t = journal.lastIndexOf(0x0a, offset - 2) + 2;
    edited[t] = edited[t]! ^ 1;
    writeFileSync(live.file, edited);
    const again = await DrillSession.resume({ ...deps, log: (l) => logged.push(l) }, live.file, edited);
    expect(again).toMatchObject({ from: 'every input replayed', how: 'snapshot_refused' });
    expect(logged.join('\n')).toContain(`its snapshot names line ${line} of the journal, which has changed since it was taken (edited by hand?): replaying every input instead`);
    expect(again.session.incident.ticks).toBe(ticks);
    await again.session.close();
  }, 120_000);
});
