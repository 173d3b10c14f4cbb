// Scenario tools as a trainer meets them: the check and run commands, and the HTTP endpoints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTwin } from '../../sim-server/app';
import { BUILTIN_DIR } from '../../scenarios/builtin';
import { startTestTwin, TRAINER_TOKEN } from '../helpers/twin';
const AS_TRAINER_HTTP = { authorization: `Bearer ${TRAINER_TOKEN}` };

const example = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');
const run = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });

describe('scenario commands', () => {
  it('scenario:check passes a good file and names the file, line, column and path of each error in a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, example.replace('leakM3PerH: 0.6', 'leakM3PerH: -1').replace('"21:30"', '"9pm"'));
    const good = run('scenarios/checkCli.ts', [`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`]);
    expect(good.status).toBe(0);
    const r = run('scenarios/checkCli.ts', [bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${bad}:13:14: initial.timeOfDay: expected a time like 21:30`,
      `${bad}:20:27: hazards[0].params.leakM3PerH: expected more than 0`,
    ]);
    // A device the district does not have: refused, with the one meant.
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, example.replace('deviceIds: [gas-a1-301]', 'deviceIds: [gas-a1-310]'));
    const t = run('scenarios/checkCli.ts', [typo]);
    expect(t.status).toBe(1);
    expect(t.stderr.trim()).toBe(`${typo}:18:17: hazards[0].deviceIds[0]: unknown device "gas-a1-310" in district "jinhe"; did you mean "gas-a1-301"?`);
  });

  it('scenario:run prints the timeline and outcome, resolved with a scripted response and failed without', () => {
    const ok = run('sim-server/drill/runCli.ts', ['gas-leak-elderly-kitchen', '--seed', '1']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/alarm {3}raised gas_leak III active_unacked at gas-a1-301/);
    expect(ok.stdout).toMatch(/outcome: resolved · score 9\/9 · \d+ s simulated in \d+ ms \(\d+× real time\)/);
    const none = run('sim-server/drill/runCli.ts', ['gas-leak-elderly-kitchen', '--respond', 'none']);
    expect(none.stdout).toMatch(/outcome: failed · score 0\/9 · 3600 s simulated/);
    const unknown = run('sim-server/drill/runCli.ts', ['nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('scenario:run: no scenario file or built-in scenario "nope"');
  });
});

describe('scenario HTTP endpoints', () => {
  let twin: RunningTwin;
  beforeAll(async () => { twin = await startTestTwin(); });
  afterAll(async () => { await twin?.stop(); });

  it('GET /api/scenarios lists the library', async () => {
    const list = await (await fetch(`${twin.httpUrl}api/scenarios`, { headers: AS_TRAINER_HTTP })).json();
    expect(list).toContainEqual(expect.objectContaining({ id: 'gas-leak-elderly-kitchen', district: 'jinhe', roles: ['commander', 'grid_worker'], hazards: ['gas_room'] }));
  });

  it('POST /api/scenarios/validate answers {ok, errors: [{path, line, column, message}]}, the district\'s ids checked', async () => {
    const good = await (await fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', headers: AS_TRAINER_HTTP, body: example })).json();
    expect(good).toMatchObject({ ok: true, errors: [], warnings: [], id: 'gas-leak-elderly-kitchen', scenario: { id: 'gas-leak-elderly-kitchen' } });
    expect(good.reachability.objectives.find((o: { id: string }) => o.id === 'valve')).toMatchObject({ reachable: true, path: ['alarm', 'shut_valve'] });
    // Valid, but a drill with only a commander and a medic can never shut the valve: flagged on its line.
    const medics = example.replace('roles: [commander, grid_worker]', 'roles: [commander, medic]');
    const unreachable = await (await fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', headers: AS_TRAINER_HTTP, body: medics })).json() as { ok: boolean; warnings: { path: string; line: number; message: string }[] };
    expect(unreachable.ok).toBe(true);
    const valve = unreachable.warnings.find((w) => w.path === 'expected[3]')!;
    expect(valve.line).toBe(medics.split('\n').findIndex((l) => l.includes('id: valve')) + 1);
    expect(valve.message).toBe('no drill can reach this: no role of this drill may do "shut_valve" (grid_worker, firefighter may; the drill has commander, medic)');
    expect(unreachable.warnings.map((w) => w.path)).toEqual(['expected[3]', 'expected[4]', 'end.resolveWhen']); // a medic can be on site
    const bad = await (await fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', headers: AS_TRAINER_HTTP, body: example.replace('model: gas_room', 'model: meteor') })).json();
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({ path: 'hazards[0].model', line: 17, column: 12 });
    const typo = await (await fetch(`${twin.httpUrl}api/scenarios/validate`, { method: 'POST', headers: AS_TRAINER_HTTP, body: example.replace('deviceIds: [gas-a1-301]', 'deviceIds: [gas-a1-310]') })).json();
    expect(typo.errors).toEqual([{ path: 'hazards[0].deviceIds[0]', line: 18, column: 17, message: 'unknown device "gas-a1-310" in district "jinhe"; did you mean "gas-a1-301"?', zh: '片区“jinhe”中没有设备“gas-a1-310”；是否应为“gas-a1-301”？' }]);
  });
});
