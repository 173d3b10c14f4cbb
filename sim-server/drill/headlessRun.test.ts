import { describe, expect, it } from 'vitest';
import { bundledIndex, bundledRules } from '../../test/helpers/fixtures';
import { builtinScenarios } from '../../scenarios/builtin';
import { runHeadless } from './headlessRun';

const gas = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;

describe('headless scenario runs: gas leak in an elderly resident\'s kitchen', () => {
  it('resolves with a scripted response, raising its alarm through the real engine', async () => {
    const r = await runHeadless(gas, bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    expect(r.outcome).toBe('resolved');
    const kinds = r.timeline.map((e) => e.kind);
    expect(kinds.indexOf('alarm')).toBeGreaterThan(kinds.indexOf('hazard'));
    expect(r.timeline.find((e) => e.kind === 'alarm')!.text).toMatch(/^raised gas_leak (IV|III|II|I) active_unacked at gas-a1-301$/);
    expect(r.timeline.filter((e) => e.kind === 'action').map((e) => e.text.split(': ')[1]!.split(' (')[0])).toEqual(expect.arrayContaining(['acknowledge', 'shut_valve', 'open_windows', 'on_site', 'phone_resident']));
    expect(r.timeline.some((e) => e.kind === 'inject' && e.text.includes('does not answer'))).toBe(true);
    // The son does not answer (an inject 30 s after the alarm), and the call placed after it says so.
    expect(r.timeline.find((e) => e.kind === 'action' && e.text.includes(': phone_resident'))!.text).toBe('scripted (commander): phone_resident (no answer from Textile Mill courtyard Block 1 1-301)');
    expect(r.objectives.every((o) => o.met)).toBe(true);
    expect(r.score).toMatchObject({ earned: 9, possible: 9 });
    // the phases in order
    expect(r.timeline.filter((e) => e.kind === 'phase').map((e) => e.text)).toEqual(['dormant', 'incident', 'detected', 'responding', 'resolved']);
  });

  it('fails when nobody acts: the alarm escalates round after round, and time runs out', async () => {
    const r = await runHeadless(gas, bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.outcome).toBe('failed');
    expect(r.simulatedS).toBe(gas.end.failAfterS);
    expect(r.timeline.filter((e) => e.text.includes('notify round')).length).toBeGreaterThanOrEqual(2);
    expect(r.objectives.every((o) => !o.met)).toBe(true);
    expect(r.score.earned).toBe(0);
  });

  it('is deterministic: the same scenario, seed and response give the same timeline; another seed differs', async () => {
    const a = await runHeadless(gas, bundledIndex(), bundledRules(), { seed: 7, respond: 'scripted' });
    const b = await runHeadless(gas, bundledIndex(), bundledRules(), { seed: 7, respond: 'scripted' });
    const c = await runHeadless(gas, bundledIndex(), bundledRules(), { seed: 8, respond: 'scripted' });
    expect(a).toEqual(b);
    expect(c.timeline).not.toEqual(a.timeline);
  });
});

describe('headless scenario runs: an elderly resident falls at home', () => {
  const fall = builtinScenarios().find((s) => s.scenario.id === 'elderly-fall-at-home')!.scenario;

  it('her bracelet raises a fall alarm, graded up for a woman living alone; a scripted response hands her to 120 in time', async () => {
    const r = await runHeadless(fall, bundledIndex(), bundledRules(), { seed: 3, respond: 'scripted' });
    expect(r.outcome).toBe('resolved');
    expect(r.timeline.find((e) => e.kind === 'alarm')!.text).toBe('raised fall I active_unacked at brc-a1-301');
    const raisedAt = r.timeline.find((e) => e.kind === 'alarm')!.tS;
    expect(raisedAt).toBeGreaterThanOrEqual(120); // the fall starts two minutes in and lands within a second
    expect(raisedAt).toBeLessThanOrEqual(131);   // the bracelet reports within ten seconds
    const handover = r.objectives.find((o) => o.action === 'handover_120')!;
    expect(handover.met).toBe(true);
    expect(handover.doneAtS! - raisedAt).toBeLessThan(20 * 60); // the street's 20-minute target
    expect(r.score).toMatchObject({ earned: 11, possible: 11 });
  });

  it('fails when nobody acts', async () => {
    const r = await runHeadless(fall, bundledIndex(), bundledRules(), { seed: 3, respond: 'none' });
    expect(r.outcome).toBe('failed');
  });
});

describe.each([
  ['kitchen-fire-old-courtyard', 'fire', 'smk-b2-401'],
  ['crane-overload-high-wind', 'crane_overload', 'crane-d1'],
  ['flood-underpass', 'flood', 'mh-s-3'],
  ['worker-falls-from-scaffolding', 'fall', 'brc-d-worker'],
  ['ebike-in-elevator', 'ebike_in_elevator', 'elv-c1-1'],
  ['gas-main-rupture-street', 'gas_leak', 'gas-s-main-1'], // the manhole goes under first (5 cm), before the gauge's 15 cm band
])('headless scenario runs: %s', (id, kind, deviceId) => {
  const scenario = builtinScenarios().find((s) => s.scenario.id === id)!.scenario;

  it('raises its alarm through the real engine and resolves with a scripted response', async () => {
    const r = await runHeadless(scenario, bundledIndex(), bundledRules(), { seed: 2, respond: 'scripted' });
    expect(r.outcome).toBe('resolved');
    expect(r.timeline.some((e) => e.kind === 'alarm' && e.text.startsWith(`raised ${kind} `) && e.text.endsWith(`at ${deviceId}`))).toBe(true);
    expect(r.objectives.every((o) => o.met)).toBe(true);
  });

  it('fails when nobody acts', async () => {
    expect((await runHeadless(scenario, bundledIndex(), bundledRules(), { seed: 2, respond: 'none' })).outcome).toBe('failed');
  });
});

describe('a scripted response keeps the drill\'s rules', () => {
  it('responders walk from their stations: what needs them on the spot waits until they are there', async () => {
    const fire = builtinScenarios().find((s) => s.scenario.id === 'kitchen-fire-old-courtyard')!.scenario;
    const r = await runHeadless(fire, bundledIndex(), bundledRules(), { seed: 2, respond: 'scripted' });
    const at = (action: string) => r.timeline.find((e) => e.kind === 'action' && e.text.endsWith(`: ${action}`))!.tS;
    // the commander calls from the centre at once; the grid worker is on site only after the walk
    expect(at('call_119')).toBeLessThan(at('on_site'));
    expect(r.timeline.filter((e) => e.kind === 'action').every((e) => e.text.startsWith('scripted ('))).toBe(true);
  });

  it('nothing is done after the scenario is over: the last action is the one that resolves it', async () => {
    const fall = builtinScenarios().find((s) => s.scenario.id === 'elderly-fall-at-home')!.scenario;
    const r = await runHeadless(fall, bundledIndex(), bundledRules(), { seed: 3, respond: 'scripted' });
    const resolvedAt = r.timeline.find((e) => e.kind === 'phase' && e.text === 'resolved')!.tS;
    expect(Math.max(...r.timeline.filter((e) => e.kind === 'action').map((e) => e.tS))).toBeLessThanOrEqual(resolvedAt);
  });
});

describe('injects that change the world', () => {
  it('a detector that fails mid-leak goes silent: its last will raises a fault and the leak is never detected', async () => {
    const base = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
    const scenario = { ...base, injects: [...base.injects, { id: 'detector-dies', atS: 30, afterS: 0, action: { kind: 'device_fails' as const, deviceId: 'gas-a1-301' }, text: { zh: '探测器故障', en: 'The detector fails' } }] };
    const r = await runHeadless(scenario, bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    const alarms = r.timeline.filter((e) => e.kind === 'alarm');
    expect(alarms[0]!.text).toBe('raised device_offline IV active_unacked at gas-a1-301');
    expect(alarms.some((e) => e.text.includes('gas_leak'))).toBe(false);
    expect(r.outcome).not.toBe('resolved');
  });
});

describe('ignition', () => {
  const base = builtinScenarios().find((s) => s.scenario.id === 'gas-leak-elderly-kitchen')!.scenario;
  const withSpark = (atS: number) => ({
    ...base,
    hazards: base.hazards.map((h) => (h.model === 'gas_room' ? { ...h, params: { ...h.params, leakM3PerH: 8 } } : h)),
    injects: [...base.injects, { id: 'light-switch', atS, afterS: 0, action: { kind: 'spark' as const, hazard: 'kitchen-leak' }, text: { zh: '邻居按下电灯开关', en: 'A neighbour flicks the light switch' } }],
  });

  it('a spark once the gas is past its LEL ignites it and the drill fails at once', async () => {
    const r = await runHeadless(withSpark(900), bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.timeline.some((e) => e.text === 'kitchen-leak ignites')).toBe(true);
    expect(r.outcome).toBe('failed');
    expect(r.simulatedS).toBe(900);
  });

  it('a spark below the LEL does nothing', async () => {
    const r = await runHeadless(withSpark(120), bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    expect(r.timeline.some((e) => e.text.includes('ignites'))).toBe(false);
  });
});

describe('flooded ground floors', () => {
  const flood = builtinScenarios().find((s) => s.scenario.id === 'flood-underpass')!.scenario;

  it('left alone, the water strands the vulnerable resident of the ground-floor home, and the yard gauge raises its own alarm', async () => {
    const r = await runHeadless(flood, bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.timeline.find((e) => e.text.includes('stranded'))!.text).toBe('1 resident(s) stranded on the ground floor of 1 home(s), 1 vulnerable: 邓福贵 (88)');
    expect(r.timeline.some((e) => e.kind === 'alarm' && e.text.startsWith('raised flood') && e.text.endsWith('at lvl-b-yard'))).toBe(true);
  });

  it('evacuated in time, nobody is stranded', async () => {
    const r = await runHeadless(flood, bundledIndex(), bundledRules(), { seed: 2, respond: 'scripted' });
    expect(r.timeline.some((e) => e.text.includes('stranded'))).toBe(false);
    expect(r.timeline.some((e) => e.text === '1 resident(s) moved out of the ground-floor homes')).toBe(true);
  });
});

describe('sensor realism', () => {
  it('a steady plume read for 40 minutes does not look like a stuck sensor (readings carry sensor noise)', async () => {
    const rupture = builtinScenarios().find((s) => s.scenario.id === 'gas-main-rupture-street')!.scenario;
    const r = await runHeadless(rupture, bundledIndex(), bundledRules(), { seed: 4, respond: 'none' });
    expect(r.simulatedS).toBe(2400);
    expect(r.timeline.some((e) => e.text.includes('stuck_value'))).toBe(false);
    expect(r.timeline.some((e) => e.text.startsWith('raised gas_leak'))).toBe(true);
  });
});

describe('a worker falls from the scaffolding', () => {
  it('the crane monitor and the site camera report through the engine but raise nothing: only the bracelet alarms', async () => {
    const scenario = builtinScenarios().find((s) => s.scenario.id === 'worker-falls-from-scaffolding')!.scenario;
    expect(scenario.hazards[0]!.deviceIds).toEqual(['brc-d-worker', 'crane-d1', 'cam-d-site']);
    const r = await runHeadless(scenario, bundledIndex(), bundledRules(), { seed: 2, respond: 'none' });
    const raised = r.timeline.filter((e) => e.kind === 'alarm' && e.text.startsWith('raised'));
    expect(new Set(raised.map((e) => e.text.split(' at ')[1]))).toEqual(new Set(['brc-d-worker']));
  });
});

describe('injects on conditions in a run through the kernel', () => {
  const msg = (id: string, when: (typeof gas)['injects'][number]['when']): (typeof gas)['injects'][number] => ({ id, when, afterS: 0, text: { zh: id, en: `note ${id}` }, action: { kind: 'message', to: 'all' } });
  it('a branch fires only when the valve is not shut in time; a grade condition fires once the alarm reaches it', async () => {
    const s = { ...gas, injects: [...gas.injects, msg('valve-late', { action: 'shut_valve', done: false, byS: 60 }), msg('valve-forgotten', { action: 'shut_valve', done: false, byS: 3000 }), msg('graded', { alarmLevel: 'IV' }), msg('valve-shut', { action: 'shut_valve', done: true })] };
    const r = await runHeadless(s, bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    const fired = r.timeline.filter((e) => e.kind === 'inject').map((e) => e.text);
    expect(fired).toEqual(expect.arrayContaining(['note valve-late', 'note graded', 'note valve-shut']));
    expect(fired).not.toContain('note valve-forgotten'); // shut in time: that branch is never taken
    const at = (text: string) => r.timeline.find((e) => e.text === text)!.tS;
    // on the scenario's next second after the valve is shut
    const shut = r.timeline.find((e) => e.kind === 'action' && e.text.includes(': shut_valve'))!.tS;
    expect(at('note valve-shut') - shut).toBeGreaterThanOrEqual(0);
    expect(at('note valve-shut') - shut).toBeLessThanOrEqual(1);
    expect(at('note valve-late')).toBe(r.timeline.find((e) => e.kind === 'alarm')!.tS + 60);
  });
});

describe('headless scenario runs: a cloudburst floods an underground car park', () => {
  const carPark = builtinScenarios().find((s) => s.scenario.id === 'flooded-underground-car-park')!.scenario;

  it('resolves with a scripted response: the ramp blocked, the people out, the pumps on', async () => {
    const r = await runHeadless(carPark, bundledIndex(), bundledRules(), { seed: 1, respond: 'scripted' });
    expect(r.outcome).toBe('resolved');
    expect(r.timeline.find((e) => e.kind === 'alarm')!.text).toMatch(/^raised flood IV active_unacked at lvl-c-park$/);
    expect(r.timeline.filter((e) => e.kind === 'action').map((e) => e.text.split(': ')[1])).toEqual(expect.arrayContaining(['block_ramp', 'evacuate', 'deploy_pump']));
    expect(r.timeline.some((e) => e.text.startsWith('All 12 people are out'))).toBe(true);
  });

  it('fails when nobody acts: the water pours down the ramp, traps the people inside and drowns the cars', async () => {
    const r = await runHeadless(carPark, bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.outcome).toBe('failed');
    const said = r.timeline.filter((e) => e.kind === 'hazard').map((e) => e.text);
    expect(said).toEqual(expect.arrayContaining(['Water is pouring down the ramp into Qingyun estate underground car park', 'Knee-deep water in Qingyun estate underground car park: 12 people still inside', '80 cars under water in Qingyun estate underground car park']));
  });
});

describe('headless scenario runs: smoke in the stairwell of an old walk-up', () => {
  const stairs = builtinScenarios().find((s) => s.scenario.id === 'stairwell-smoke-old-walkup')!.scenario;

  it('fails when nobody acts: the smoke climbs floor by floor, and carbon monoxide makes the stairs deadly', async () => {
    const r = await runHeadless(stairs, bundledIndex(), bundledRules(), { seed: 1, respond: 'none' });
    expect(r.outcome).toBe('failed');
    const said = r.timeline.filter((e) => e.kind === 'hazard').map((e) => e.text);
    const smokeAt = (floor: number) => said.indexOf(`Thick smoke on the stairs of Block 3, unit 1, floor ${floor}`);
    expect([1, 2, 3, 4, 5].map(smokeAt).every((i, k, all) => i >= 0 && (k === 0 || i > all[k - 1]!))).toBe(true);
    expect(said.some((t) => /^Carbon monoxide at \d+ ppm on the stairs of Block 3, unit 1, floor 1: no entry without breathing apparatus$/.test(t))).toBe(true);
  });
});
