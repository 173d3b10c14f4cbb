import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR, builtinScenarios } from './builtin';
import { errorText, parseScenario } from './parse';

const example = readFileSync(`${BUILTIN_DIR}gas-leak-elderly-kitchen.yaml`, 'utf8');

describe('scenario files', () => {
  it('the built-in scenarios are valid', () => {
    expect(builtinScenarios().map((s) => s.scenario.id)).toContain('gas-leak-elderly-kitchen');
  });

  it.each([
    ['an unknown hazard model', (s: string) => s.replace('model: gas_room', 'model: meteor'), "line 17: hazards[0].model: Invalid discriminator value. Expected 'gas_room'"],
    ['a negative leak rate', (s: string) => s.replace('leakM3PerH: 0.6', 'leakM3PerH: -1'), 'line 20: hazards[0].params.leakM3PerH: expected more than 0'],
    ['a bad time of day', (s: string) => s.replace('"21:30"', '"9pm"'), 'line 13: initial.timeOfDay: expected a time like 21:30'],
    ['an unknown role', (s: string) => s.replace('[commander, grid_worker]', '[commander, pilot]'), 'line 10: roles[1]: expected one of'],
    ['an end on a hazard that is not there', (s: string) => s.replace('hazard: kitchen-leak,', 'hazard: nothing,'), 'line 38: end.resolveWhen.hazard: unknown hazard "nothing"'],
    ['an inject with both a time and a trigger', (s: string) => s.replace('when: alarm_raised', 'when: alarm_raised\n    atS: 10'), 'injects[0].atS: give either "atS" or "when", not both'],
    ['broken YAML', (s: string) => s.replace('roles: [commander, grid_worker]', 'roles: [commander, grid_worker'), '(file): '],
  ])('reports %s with its path and line', (_n, spoil, expected) => {
    const r = parseScenario(spoil(example));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(errorText).some((l) => l.includes(expected)), r.errors.map(errorText).join('\n')).toBe(true);
  });

  it('reads the same scenario written as JSON', () => {
    const yaml = parseScenario(example);
    if (!yaml.ok) throw new Error('invalid');
    const json = parseScenario(JSON.stringify(yaml.scenario));
    expect(json).toEqual(yaml);
  });
});
