import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/parse';
import { bundledIndex } from '../../test/helpers/fixtures';
import { addInject, addObjective, setObjectiveTask, templateCopy, blankDraft, buildingAt, craneAt, floodZoneAt, deviceOffline, householdName, isSite, paramsOf, placeHazard } from './draft';

const d = bundledIndex().district;
const parse = (yaml: string) => parseScenario(yaml, { district: d });

describe('editing a draft scenario', () => {
  it('a blank draft wants its hazard, and placing a gas leak in a named home makes it valid', () => {
    const blank = blankDraft(d, 'my-drill');
    const before = parse(blank);
    expect(before.ok).toBe(false);
    if (before.ok) return;
    expect(before.errors.map((e) => e.path)).toContain('hazards');
    const b = d.buildings.find((x) => x.id === 'b-a1')!;
    expect(buildingAt(d, b.x + 1, b.y - 1)!.id).toBe('b-a1');
    expect(floodZoneAt(d, 180, 0)!.id).toBe('fz-underpass');
    expect(floodZoneAt(d, 0, 200)).toBeNull();
    const placed = placeHazard(blank, null, d, 'gas_room', { householdId: 'hh-a1-301' });
    const after = parse(placed);
    expect(after.ok, JSON.stringify(!after.ok && after.errors)).toBe(true);
    if (!after.ok) return;
    expect(after.scenario.hazards[0]).toMatchObject({ id: 'gas-room-1', model: 'gas_room', deviceIds: ['gas-a1-301'] });
    expect(after.scenario.end.resolveWhen).toEqual({ hazard: 'gas-room-1', belowPercentLel: 5 });
    expect(after.scenario.initial.atHome).toEqual(['hh-a1-301']);
    // the comments at the top are still there
    expect(placed.startsWith(blank.split('\n').slice(0, 2).join('\n'))).toBe(true);
    expect(householdName(d, 'hh-a1-301', 'zh')).toMatch(/1-301 王秀兰$/);
  });

  it('adds an inject, an objective and an offline device, each valid', () => {
    let y = placeHazard(blankDraft(d, 'x'), null, d, 'gas_room', { householdId: 'hh-a1-301' });
    const s = () => { const p = parse(y); if (!p.ok) throw new Error(JSON.stringify(p.errors)); return p.scenario; };
    y = addInject(y, s(), { when: 'alarm_raised', afterS: 30, to: 'grid_worker', zh: '邻居闻到燃气味。', en: 'A neighbour smells gas.' });
    y = addInject(y, s(), { atS: 300, to: 'all', zh: '天黑了。', en: 'It is dark now.' });
    y = addObjective(y, s(), { action: 'shut_valve', withinS: 900 });
    y = addObjective(y, s(), { action: 'shut_valve', withinS: 1200 });
    y = deviceOffline(y, s(), 'smk-a1-301');
    const sc = s();
    expect(sc.injects.map((i) => i.id)).toEqual(['inject-1', 'inject-2', 'offline-smk-a1-301']);
    expect(sc.injects[0]).toMatchObject({ when: 'alarm_raised', afterS: 30, action: { kind: 'message', to: 'grid_worker' } });
    expect(sc.expected.map((e) => e.id)).toEqual(['shut_valve', 'shut_valve-2']);
  });

  it('names an objective\'s critical task only where it is not its action\'s own, and the checker refuses an unknown one', () => {
    let y = placeHazard(blankDraft(d, 'x'), null, d, 'gas_room', { householdId: 'hh-a1-301' });
    const s = () => { const p = parse(y); if (!p.ok) throw new Error(JSON.stringify(p.errors)); return p.scenario; };
    y = addObjective(y, s(), { action: 'shut_valve', withinS: 900 });
    const before = y;
    expect(setObjectiveTask(y, s(), 0, 'initial_response.control_source')).toBe(before); // its own: nothing written
    y = setObjectiveTask(y, s(), 0, 'site_security.ignition');
    expect(s().expected[0]).toMatchObject({ action: 'shut_valve', task: 'site_security.ignition' });
    expect(y).toContain('task: site_security.ignition');
    y = setObjectiveTask(y, s(), 0, 'initial_response.control_source'); // back to its own: the key goes
    expect(s().expected[0]!.task).toBeUndefined();
    expect(y).not.toContain('task:');
    const wrong = parse(y.replace('withinS: 900', 'withinS: 900, task: warning.nope'));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.errors.map((e) => e.path)).toContain('expected[0].task');
  });

  it('a template opened for editing gets an id and a title of its own, and stays valid', async () => {
    const { BUILTIN_DIR } = await import('../../scenarios/builtin');
    const { readFileSync } = await import('node:fs');
    const yaml = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');
    const copy = parse(templateCopy(yaml, 'gas-leak-elderly-kitchen'));
    expect(copy.ok).toBe(true);
    if (!copy.ok) return;
    expect(copy.scenario.id).toBe('gas-leak-elderly-kitchen-copy');
    expect(copy.scenario.title.zh).toBe('老旧院落独居老人厨房燃气泄漏（副本）');
    expect(copy.scenario.title.en).toMatch(/ \(copy\)$/);
  });

  it('knows each hazard\'s parameters with units and the ranges the format allows', () => {
    const gas = paramsOf('gas_room');
    expect(gas.find((p) => p.key === 'leakM3PerH')).toEqual({ key: 'leakM3PerH', unit: 'm³/h', zh: '泄漏量', en: 'Leak rate', min: 0, max: 100 });
    expect(paramsOf('flood').find((p) => p.key === 'runoff')).toMatchObject({ min: 0, max: 1 });
  });
});

describe('placing a fall and a crane in wind', () => {
  it('a fall on a site building takes the site\'s bracelet, crane monitor and camera; wind on the crane whose jib reaches the click', () => {
    const site = d.buildings.find((b) => b.courtyardId === 'cy-d')!;
    expect(isSite(d, site.id)).toBe(true);
    expect(isSite(d, 'b-a1')).toBe(false);
    let y = placeHazard(blankDraft(d, 'site'), null, d, 'fall', { buildingId: site.id });
    const crane = craneAt(d, d.cranes[0]!.x + 20, d.cranes[0]!.y)!;
    expect(crane.id).toBe('tc-d1');
    expect(craneAt(d, d.cranes[0]!.x + 80, d.cranes[0]!.y)).toBeNull();
    const first = parse(y);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    y = placeHazard(y, first.scenario, d, 'crane_wind', { craneId: crane.id });
    const p = parse(y);
    expect(p.ok, JSON.stringify(!p.ok && p.errors)).toBe(true);
    if (!p.ok) return;
    expect(p.scenario.hazards[0]).toMatchObject({ model: 'fall', deviceIds: ['brc-d-worker', 'crane-d1', 'cam-d-site'] });
    expect(p.scenario.hazards[0]!.params).toMatchObject({ heightM: Math.min(Math.round(site.floors * site.floorHeight * 0.6), 45) });
    expect(p.scenario.hazards[1]).toMatchObject({ model: 'crane_wind', deviceIds: ['crane-d1'] });
    expect(p.scenario.end.resolveWhen).toEqual({ hazard: 'fall-1', afterAction: 'handover_120' }); // the first placed ends the drill
  });
});
