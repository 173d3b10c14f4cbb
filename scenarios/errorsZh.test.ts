import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reachability } from '../sim-server/drill/reachability';
import { bundledIndex } from '../test/helpers/fixtures';
import { BUILTIN_DIR } from './builtin';
import { zhMessage } from './errorsZh';
import { parseScenario } from './parse';

const src = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');
const d = bundledIndex().district;
const CJK = /[\u4e00-\u9fff]/;

describe('the scenario check in Chinese', () => {
  it('says every kind of mistake in Chinese', () => {
    const broken = [
      src.replace('deviceIds: [gas-a1-301]', 'deviceIds: [gas-a1-310]'),            // unknown device, with a suggestion
      src.replace('leakM3PerH: 0.6', 'leakM3PerH: 500'),                            // out of range
      src.replace('leakM3PerH: 0.6', 'leakM3PerH: -1'),
      src.replace('model: gas_room', 'model: meteor'),                               // not one of the models
      src.replace('stability: D', 'stability: Q'),
      src.replace('timeOfDay: "21:30"', 'timeOfDay: "late"'),
      src.replace('    atS: 0\n', '    atS: 0\n    when: alarm_raised\n'),            // both a time and a condition
      src.replace('id: briefing-commander', 'id: son-does-not-answer'),             // duplicate id
      src.replace('district: jinhe', 'district: elsewhere'),
      src.replace('id: kitchen-leak', 'id: "bad id!"'),
      src.replace('resolveWhen: { hazard: kitchen-leak', 'resolveWhen: { hazard: nothing'),
      src.replace('roles: [commander, grid_worker]', 'roles: []'),
      src.replace('failAfterS: 3600', 'failAfterS: "an hour"'),
      src.replace('title:', 'title: [unclosed\nx:'),                                 // YAML syntax
    ];
    for (const text of broken) {
      const p = parseScenario(text, { district: d });
      expect(p.ok).toBe(false);
      if (p.ok) continue;
      for (const e of p.errors) expect(e.zh, `${e.path}: ${e.message}`).toMatch(CJK);
    }
    expect(zhMessage('unknown device "gas-a1-310" in district "jinhe"; did you mean "gas-a1-301"?')).toBe('片区“jinhe”中没有设备“gas-a1-310”；是否应为“gas-a1-301”？');
    expect(zhMessage('expected at most 100')).toBe('应不大于 100');
  });

  it('says what no drill can reach in Chinese, with actions and roles by their names', () => {
    const p = parseScenario(src.replace('roles: [commander, grid_worker]', 'roles: [commander, medic]'));
    if (!p.ok) throw new Error('valid');
    const r = reachability(p.scenario);
    const valve = r.objectives.find((o) => o.id === 'valve')!;
    expect(zhMessage(`no drill can reach this: ${valve.reason}`)).toBe('任何演练都无法达成：本演练没有角色能执行“关闭燃气阀”（网格员、消防员可以；本演练的角色：指挥员、医护）');
    expect(zhMessage(r.resolved.reason!)).toMatch(/^处置需要“关闭燃气阀”（网格员、消防员），本演练的角色：指挥员、医护$/);
  });
});
