import { describe, expect, it } from 'vitest';
import { ACTION_TABLE, ACTIONS, objectiveTask } from './actions';
import { builtinScenarios } from './builtin';
import { CAPABILITIES, TASK_REFS, taskNames } from './capabilities';
import { parseScenario } from './parse';

describe('capabilities and their critical tasks', () => {
  it('lists each task once, named in Chinese and English', () => {
    expect(TASK_REFS).toHaveLength(Object.values(CAPABILITIES).reduce((n, c) => n + Object.keys(c.tasks).length, 0));
    expect(new Set(TASK_REFS).size).toBe(TASK_REFS.length);
    for (const ref of TASK_REFS) {
      const { capability, task } = taskNames(ref);
      for (const t of [capability, task]) { expect(t.zh).toMatch(/^[\u4e00-\u9fff0-9、，]+$/); expect(t.en).toMatch(/^[A-Z]/); }
    }
    expect(taskNames('evacuation.vulnerable')).toEqual({ capability: { zh: '疏散转移', en: 'Evacuation' }, task: { zh: '优先转移重点人员', en: 'Move the vulnerable first' } });
  });

  it('gives every action the task it is evidence for', () => {
    for (const a of ACTIONS) expect(TASK_REFS).toContain(ACTION_TABLE[a].evaluates);
  });

  it('evaluates each built-in drill\'s objectives as tasks of at least two capabilities', () => {
    for (const { scenario } of builtinScenarios()) {
      const caps = new Set(scenario.expected.map((e) => objectiveTask(e).split('.')[0]));
      expect(caps.size, scenario.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('takes an objective\'s own task, and refuses one not in the list naming where it is', () => {
    const text = (task: string) => `id: x
title: { zh: 测试, en: Test }
district: jinhe
briefing: { zh: 测试, en: Test }
roles: [commander, grid_worker]
initial: { weather: { windMps: 2, stability: D, tempC: 20 }, timeOfDay: "08:00", atHome: [] }
hazards:
  - { id: h, model: gas_room, deviceIds: [gas-a1-301], params: { leakM3PerH: 0.6, roomM3: 20, airChangesPerH: 0.5, windowsOpenAirChangesPerH: 10 } }
expected:
  - { id: out, action: evacuate, withinS: 600, task: ${task} }
end: { resolveWhen: { hazard: h, afterAction: evacuate }, failAfterS: 1800 }
`;
    const ok = parseScenario(text('evacuation.vulnerable'));
    expect(ok.ok && objectiveTask(ok.scenario.expected[0]!)).toBe('evacuation.vulnerable');
    const bad = parseScenario(text('evacuation.rescue'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ path: 'expected[0].task', line: 10 });
  });
});
