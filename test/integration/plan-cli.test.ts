// `npm run plan` as a planner runs it: Chama's Net3 tables in, Chama's answer out; bad input refused with one line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledDistrictJson } from '../helpers/fixtures';
import { spawnScript } from '../helpers/serverProcess';

const NET3 = 'test/fixtures/chama-net3';
const out = () => join(mkdtempSync(join(tmpdir(), 'plan-')), 'placement.json');

describe('npm run plan', () => {
  it('places 5 sensors on Chama\'s Net3 tables as Chama does, and says how good the answer is', async () => {
    const json = out();
    const run = spawnScript('sim-server/planner/planCli.ts', ['--impact', `${NET3}/impact.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--budget', '5', '--json', json]);
    expect(await run.exit).toBe(0);
    expect(run.out.stdout).toMatch(/236 scenarios × 91 candidate sensors, 7302 detections: solving the impact MILP/);
    expect(run.out.stdout).toMatch(/5 sensors \(cost 5 of 5\): 16, 21, 28, 38, 65/);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r).toMatchObject({ formulation: 'impact', budget: 5, sensors: ['16', '21', '28', '38', '65'], gapPct: 0, solver: 'HiGHS MILP (optimal)' });
    expect(r.objective).toBeCloseTo(8655.8, 1);
    expect(r.bound).toBeCloseTo(r.objective, 3);
    expect(r.scenarios).toHaveLength(236);
    expect(r.scenarios.find((s: { scenario: string }) => s.scenario === '1')).toEqual({ scenario: '1', sensor: null, impact: 1650, detected: false });
  }, 120_000);

  it('coverage with sensor costs and a fixed sensor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const sensors = readFileSync(`${NET3}/impact.csv`, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[1]!);
    writeFileSync(join(dir, 'sensors.csv'), `Sensor,Cost\n${[...new Set(sensors)].map((s) => `${s},${s === '59' ? 3 : 1}`).join('\n')}\n`);
    const json = join(dir, 'out.json');
    const run = spawnScript('sim-server/planner/planCli.ts', ['--impact', `${NET3}/impact.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--sensors', join(dir, 'sensors.csv'), '--budget', '5', '--objective', 'coverage', '--fixed', '16', '--json', json]);
    expect(await run.exit).toBe(0);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r.formulation).toBe('coverage');
    expect(r.sensors).toContain('16');
    expect(r.totalCost).toBeLessThanOrEqual(5);
    expect(r.objective).toBe(r.scenarios.filter((s: { detected: boolean }) => s.detected).length);
  }, 120_000);

  it.each([
    [['--budget', '5'], 'plan: give the tables: --impact <impact.csv> --scenarios <scenarios.csv> (--help explains them), or --district <file> --type gas'],
    [['--impact', `${NET3}/impact.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--budget', '0', '--json', '/tmp/x.json'], 'plan: --budget must be a number above 0, not "0"'],
    [['--impact', `${NET3}/impact.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--budget', '5', '--objective', 'cost', '--json', '/tmp/x.json'], 'plan: --objective is "impact" or "coverage", not "cost"'],
    [['--impact', `${NET3}/scenarios.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--budget', '5', '--json', '/tmp/x.json'], `plan: ${NET3}/scenarios.csv:1: the header needs the column "Sensor" (it has: Scenario, Undetected Impact; expected Scenario,Sensor,Impact)`],
    [['--impact', `${NET3}/impact.csv`, '--scenarios', `${NET3}/scenarios.csv`, '--budget', '5', '--fixed', 'nope', '--json', '/tmp/x.json'], 'plan: --fixed names sensors the impact table does not have: nope'],
    // The bundled district has 6 smoke detectors: a budget of 3 cannot keep them.
    [['--district', 'twin-assets/districts/default.district.json', '--type', 'smoke', '--budget', '3', '--json', '/tmp/x.json'], 'plan: the budget (3) is below the cost of the 6 detector(s) already installed (6): give at least 6'],
  ])('refuses %j with one line', async (args, line) => {
    const run = spawnScript('sim-server/planner/planCli.ts', args);
    expect(await run.exit).toBe(1);
    expect(run.out.stderr.trim()).toBe(line);
  }, 60_000);

  it('a bad row is named by file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(dir, 's.csv'), 'Scenario,Undetected Impact\n1,100\n2,abc\n');
    writeFileSync(join(dir, 'i.csv'), 'Scenario,Sensor,Impact\n1,A,5\n3,A,5\n');
    const bad = spawnScript('sim-server/planner/planCli.ts', ['--impact', join(dir, 'i.csv'), '--scenarios', join(dir, 's.csv'), '--budget', '1', '--json', join(dir, 'o.json')]);
    expect(await bad.exit).toBe(1);
    expect(bad.out.stderr.trim()).toBe(`plan: ${join(dir, 's.csv')}:3: Undetected Impact must be a number, not "abc"`);
    writeFileSync(join(dir, 's.csv'), 'Scenario,Undetected Impact\n1,100\n2,50\n');
    const unknown = spawnScript('sim-server/planner/planCli.ts', ['--impact', join(dir, 'i.csv'), '--scenarios', join(dir, 's.csv'), '--budget', '1', '--json', join(dir, 'o.json')]);
    expect(await unknown.exit).toBe(1);
    expect(unknown.out.stderr.trim()).toBe(`plan: ${join(dir, 'i.csv')}:3: scenario "3" is not in ${join(dir, 's.csv')}`);
  }, 60_000);
});

describe('npm run plan -- --district', () => {
  it('builds the gas table from the bundled district, keeps its detectors, names places, and writes Chama\'s tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const run = spawnScript('sim-server/planner/planCli.ts', ['--district', 'twin-assets/districts/default.district.json', '--type', 'gas', '--budget', '6', '--tables', join(dir, 'tables'), '--json', join(dir, 'o.json')]);
    expect(await run.exit).toBe(0);
    expect(run.out.stdout).toMatch(/gas: 26 leaks \(7 kitchens × 3 sizes, 5 risers\) × 55 candidate detectors \(kitchens, landings, risers\), sited by GB 50028-2006/);
    expect(run.out.stdout).toMatch(/kept: 3 detector\(s\) the district already has/);
    const r = JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8'));
    expect(r.sensors).toHaveLength(6);
    expect(r.sensors).toEqual(expect.arrayContaining(['kitchen:hh-a1-301', 'kitchen:hh-a2-502', 'kitchen:hh-b1-201']));
    expect(r.names['kitchen:hh-a1-301']).toMatch(/^纺织厂.*1-301 厨房 \/ kitchen of 1-301/);
    // The tables it wrote give the same answer when fed back in.
    const again = spawnScript('sim-server/planner/planCli.ts', ['--impact', join(dir, 'tables/impact.csv'), '--scenarios', join(dir, 'tables/scenarios.csv'), '--sensors', join(dir, 'tables/sensors.csv'), '--budget', '6', '--fixed', 'kitchen:hh-a1-301,kitchen:hh-a2-502,kitchen:hh-b1-201', '--json', join(dir, 'again.json')]);
    expect(await again.exit).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')).objective).toBeCloseTo(r.objective, 6);
  }, 120_000);

  it('places smoke detectors (NFPA 72 siting) and water-level gauges on a district patch, keeping the detector the patch adds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const patch = { base: resolve('twin-assets/districts/default.district.json'), patch: [
      { op: 'test', path: '/id', value: bundledDistrictJson().id },
      { op: 'add', path: '/devices/-', value: { id: 'smk-b2-101', type: 'smoke', householdId: 'hh-b2-101', buildingId: 'b-b2', floor: 1, position: { x: -25, y: 40, z: 2.8 } } },
    ] };
    writeFileSync(join(dir, 'patch.json'), JSON.stringify(patch));
    const smoke = spawnScript('sim-server/planner/planCli.ts', ['--district', join(dir, 'patch.json'), '--type', 'smoke', '--siting', 'nfpa72', '--budget', '10', '--json', join(dir, 'smoke.json')]);
    expect(await smoke.exit).toBe(0);
    expect(smoke.out.stdout).toMatch(/smoke: 21 fires \(7 homes × 3 rooms\) × \d+ candidate detectors, sited by NFPA 72/);
    expect(smoke.out.stdout).toMatch(/kept: 7 detector\(s\)/);
    const s = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8'));
    expect(s.sensors.some((id: string) => id.startsWith('room:hh-b2-101:'))).toBe(true);
    expect(s.gapPct).toBeLessThan(0.01);
    const flood = spawnScript('sim-server/planner/planCli.ts', ['--district', join(dir, 'patch.json'), '--type', 'water_level', '--budget', '4', '--json', join(dir, 'flood.json')]);
    expect(await flood.exit).toBe(0);
    expect(flood.out.stdout).toMatch(/water_level: 18 floods \(3 zones × storms of 2, 5, 10, 20, 50, 100 years\)/);
    const f = JSON.parse(readFileSync(join(dir, 'flood.json'), 'utf8'));
    expect(f.sensors).toEqual(expect.arrayContaining(['low:fz-underpass', 'low:fz-grain-depot', 'low:fz-qingyun-ramp']));
    expect(f.names[f.sensors.find((x: string) => x.startsWith('manhole:'))]).toMatch(/检查井.* \/ manhole/);
  }, 120_000);

  it('refuses a device type it has no placement model for, and a patch made for another district', async () => {
    const run = spawnScript('sim-server/planner/planCli.ts', ['--district', 'twin-assets/districts/default.district.json', '--type', 'elevator', '--budget', '6', '--json', '/tmp/x.json']);
    expect(await run.exit).toBe(1);
    expect(run.out.stderr.trim()).toBe('plan: --district builds the table for --type gas, smoke, water_level, not "elevator"');
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(dir, 'patch.json'), JSON.stringify({ base: 'bundled', patch: [{ op: 'test', path: '/id', value: 'another-street' }] }));
    const other = spawnScript('sim-server/planner/planCli.ts', ['--district', join(dir, 'patch.json'), '--type', 'gas', '--budget', '6', '--json', '/tmp/x.json']);
    expect(await other.exit).toBe(1);
    expect(other.out.stderr.trim()).toBe(`plan: ${join(dir, 'patch.json')} is invalid: patch[0] (test /id): the base is not what the patch was made for`);
  }, 60_000);
});
