import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR, builtinScenarios } from './builtin';
import { District } from '../twin-assets/districtSchema';
import { bundledDistrictJson } from '../test/helpers/fixtures';
import { errorText, parseScenario } from './parse';

const district = District.parse(bundledDistrictJson());

const example = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');

describe('scenario files', () => {
  it('the built-in scenarios are valid', () => {
    expect(builtinScenarios().map((s) => s.scenario.id)).toContain('gas-leak-elderly-kitchen');
  });

  it.each([
    ['an unknown hazard model', (s: string) => s.replace('model: gas_room', 'model: meteor'), "17:12: hazards[0].model: Invalid discriminator value. Expected 'gas_room'"],
    ['a negative leak rate', (s: string) => s.replace('leakM3PerH: 0.6', 'leakM3PerH: -1'), '20:27: hazards[0].params.leakM3PerH: expected more than 0'],
    ['a bad time of day', (s: string) => s.replace('"21:30"', '"9pm"'), '13:14: initial.timeOfDay: expected a time like 21:30'],
    ['an unknown role', (s: string) => s.replace('[commander, grid_worker]', '[commander, pilot]'), '10:20: roles[1]: expected one of'],
    ['an end on a hazard that is not there', (s: string) => s.replace('hazard: kitchen-leak,', 'hazard: nothing,'), '38:26: end.resolveWhen.hazard: unknown hazard "nothing"'],
    ['an inject with both a time and a trigger', (s: string) => s.replace('when: alarm_raised', 'when: alarm_raised\n    atS: 10'), 'injects[0].atS: give either "atS" or "when", not both'],
    ['broken YAML', (s: string) => s.replace('roles: [commander, grid_worker]', 'roles: [commander, grid_worker'), '(file): '],
  ])('reports %s with its path, line and column', (_n, spoil, expected) => {
    const r = parseScenario(spoil(example));
    expect(r.ok).toBe(false);
    const lines = r.ok ? [] : r.errors.map((e) => errorText(e));
    expect(lines.some((l) => l.includes(expected)), lines.join('\n')).toBe(true);
  });

  it.each([
    ['a device the district does not have', (s: string) => s.replace('deviceIds: [gas-a1-301]', 'deviceIds: [gas-a1-310]'), '18:17: hazards[0].deviceIds[0]: unknown device "gas-a1-310" in district "jinhe"; did you mean "gas-a1-301"?'],
    ['another district', (s: string) => s.replace('district: jinhe', 'district: jinhua'), 'district: unknown district "jinhua": the district loaded is "jinhe"'],
    ['a household the district does not have', (s: string) => s.replace(/householdId: hh-a1-301/, 'householdId: hh-a1-30l'), 'unknown household "hh-a1-30l" in district "jinhe"; did you mean "hh-a1-301"?'],
    ['a name nothing is near', (s: string) => s.replace('deviceIds: [gas-a1-301]', 'deviceIds: [zzzzzzzz]'), 'unknown device "zzzzzzzz" in district "jinhe"'],
  ])('refuses %s, with the nearest valid id suggested', (_n, spoil, expected) => {
    const spoiled = spoil(example);
    expect(spoiled).not.toBe(example);
    expect(parseScenario(spoiled).ok).toBe(true); // the format alone cannot tell
    const r = parseScenario(spoiled, { district });
    const lines = r.ok ? [] : r.errors.map((e) => errorText(e));
    expect(lines.some((l) => l.includes(expected)), lines.join('\n')).toBe(true);
    if (expected.includes('zzzz')) expect(lines.join('\n')).not.toContain('did you mean');
  });

  it('every built-in scenario names only what its district has', () => {
    for (const { scenario } of builtinScenarios()) expect(parseScenario(JSON.stringify(scenario), { district }).ok, scenario.id).toBe(true);
  });

  it('reads the same scenario written as JSON', () => {
    const yaml = parseScenario(example);
    if (!yaml.ok) throw new Error('invalid');
    const json = parseScenario(JSON.stringify(yaml.scenario));
    expect(json).toEqual(yaml);
  });
});
