// A drill that uses every kind of input the kernel takes — joins, the trainer's controls and speed, moves,
// actions (refused ones too), dispatch tasks, every kind of inject, messages, a recording's device messages
// (a duplicate and a bad topic among them), players going away and coming back — gives byte for byte the
// effects recorded in test/fixtures/golden-drills/every-input.jsonl.gz, live and replayed from its journal
// (replayInputs: how a drill comes back after a restart). What the headless goldens (goldenJournals.test.ts)
// leave out, and what a resume from a kernel snapshot will have to match.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtin';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import type { DrillRecord } from './drillLog';
import { Incident, STEPS_PER_S, type IncidentEffect, type IncidentInput } from './incident';
import { replayInputs } from './replayInputs';

const file = fileURLToPath(new URL('../../test/fixtures/golden-drills/every-input.jsonl.gz', import.meta.url));
const gas = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
const setup = { drillId: 'golden-inputs', scenario: gas, seed: 5, createdAt: 0, index: bundledIndex(), rules: bundledRules() };
const T = { kind: 'control', by: '教官 (trainer)', role: 'trainer' } as const;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');

async function live(): Promise<string[]> {
  const { incident: k, effects } = await Incident.create(setup);
  const out: IncidentEffect[] = [...effects];
  const feed = (input: IncidentInput) => { const r = k.step(input); out.push(...r.effects); return r.outcome; };
  const seconds = (s: number) => { for (let i = 0; i < s * STEPS_PER_S && k.status === 'running'; i++) feed({ kind: 'tick' }); };
  const id = (o: ReturnType<typeof feed>) => (o.ok ? o.playerId! : '');
  feed({ kind: 'join', role: 'trainer', name: '教官' });
  const commander = id(feed({ kind: 'join', role: 'commander', name: '张指挥', who: 'u-commander' }));
  const worker = id(feed({ kind: 'join', role: 'grid_worker', name: '刘芳' }));
  const medic = id(feed({ kind: 'join', role: 'medic', name: '李医生' }));
  feed({ kind: 'join', role: 'observer', name: '观察员' });
  feed({ kind: 'tick' }); // refused: not started
  feed({ ...T, control: { cmd: 'speed', speed: 4 } });
  feed({ ...T, control: { cmd: 'brief' } });
  feed({ ...T, control: { cmd: 'start' } });
  feed({ ...T, control: { cmd: 'start' } }); // refused: running already
  feed({ kind: 'say', by: '教官 (trainer)', to: 'all', text: '演练开始，注意安全' });
  seconds(20);
  feed({ kind: 'move', playerId: worker, ...k.site });
  feed({ kind: 'move', playerId: medic, ...k.site });
  feed({ kind: 'act', playerId: worker, action: 'shut_valve' }); // refused: not there yet
  for (let s = 0; s < 1800 && k.run.firstAlarmS === null; s++) seconds(1);
  feed({ kind: 'act', playerId: commander, action: 'acknowledge' });
  feed({ kind: 'act', playerId: commander, action: 'phone_resident' });
  feed({ kind: 'act', playerId: commander, action: 'phone_resident', householdId: 'hh-nowhere' }); // refused
  feed({ kind: 'act', playerId: commander, action: 'fly' }); // refused: no such action
  feed({ kind: 'inject', by: '教官 (trainer)', inject: { id: 'son-does-not-answer' } });
  feed({ kind: 'inject', by: '教官 (trainer)', inject: { id: 'son-does-not-answer' } }); // refused: happened
  feed({ kind: 'inject', by: '教官 (trainer)', inject: { kind: 'block_lane', edgeId: 'e-road-2' } });
  feed({ kind: 'inject', by: '教官 (trainer)', inject: { kind: 'casualty', x: k.site.x + 3, y: k.site.y, text: '老人晕倒' } });
  const topic = `drill/${setup.drillId}/${setup.index.district.id}/dev/smk-a1-301/telemetry`;
  feed({ kind: 'device', topic, payload64: b64({ ts: k.now, seq: 900, readings: { smoke_obscuration_pct_m: 0.2, temperature_c: 22 } }) });
  feed({ kind: 'device', topic, payload64: b64({ ts: k.now, seq: 900, readings: { smoke_obscuration_pct_m: 0.2, temperature_c: 22 } }) }); // duplicate
  feed({ kind: 'device', topic: 'drill/another/jinhe/dev/smk-a1-301/telemetry', payload64: b64({ readings: {} }) }); // not this drill's
  seconds(120);
  for (const alarm of k.core.openAlarms()) for (const t of k.core.dispatch.tasksOf(alarm.id)) if (t.kind === 'grid_worker') feed({ kind: 'task', playerId: worker, taskId: t.id, state: 'en_route' });
  feed({ kind: 'act', playerId: worker, action: 'on_site' });
  feed({ kind: 'act', playerId: worker, action: 'shut_valve' });
  feed({ kind: 'act', playerId: worker, action: 'open_windows' });
  feed({ kind: 'act', playerId: medic, action: 'first_aid' });
  feed({ kind: 'act', playerId: worker, action: 'report_hazard', text: '燃气软管老化 / an old gas hose' });
  feed({ kind: 'act', playerId: worker, action: 'report_hazard' }); // refused: no text
  feed({ ...T, control: { cmd: 'pause' } });
  feed({ kind: 'tick' }); // refused: paused
  feed({ kind: 'connection', playerId: medic, connected: false });
  feed({ kind: 'join', role: 'medic', name: '李医生' }); // back to the same seat
  feed({ ...T, control: { cmd: 'resume' } });
  feed({ kind: 'inject', by: '教官 (trainer)', inject: { kind: 'device_fails', deviceId: 'brc-a1-301' } });
  seconds(900);
  feed({ ...T, control: { cmd: 'end' } });
  k.free();
  return out.map((e) => JSON.stringify(e));
}

describe('a drill of every kind of input', () => {
  it('tells the story it was recorded with, live and replayed from its journal', async () => {
    const lines = await live();
    if (process.env.GOLDEN_RECORD === '1') writeFileSync(file, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
    expect(existsSync(file), `${file} is missing: record it with GOLDEN_RECORD=1`).toBe(true);
    const golden = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const first = lines.findIndex((l, i) => l !== golden[i]);
    expect(first === -1 ? null : { line: first + 1, now: lines[first], was: golden[first] }).toBeNull();
    expect(lines.length).toBe(golden.length);
    // The journal the drill wrote, its inputs fed again: the same effects, every one.
    const records = lines.map((l) => JSON.parse(l) as IncidentEffect).flatMap((e): DrillRecord[] => (e.kind === 'record' ? [e.record] : []));
    const created = records[0] as Extract<DrillRecord, { t: 'created' }>;
    const replayed: string[] = [];
    const k = await replayInputs({ ...created, index: setup.index, rules: setup.rules }, records.slice(1), (fx) => { for (const e of fx) replayed.push(JSON.stringify(e)); });
    k.free();
    const differs = replayed.findIndex((l, i) => l !== lines[i]);
    expect(differs === -1 ? null : { line: differs + 1, replayed: replayed[differs], live: lines[differs] }).toBeNull();
    expect(replayed.length).toBe(lines.length);
    // It did use every kind of input, refusals among them.
    const kinds = new Set(records.flatMap((r) => (r.t === 'input' ? [r.input.kind] : [])));
    expect([...kinds].sort()).toEqual(['act', 'connection', 'control', 'device', 'inject', 'join', 'move', 'say', 'task']);
    expect(records.some((r) => r.t === 'action' && !r.ok)).toBe(true);
    expect(records.some((r) => r.t === 'end')).toBe(true);
  }, 120_000);
});
