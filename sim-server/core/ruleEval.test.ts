import { describe, expect, it } from 'vitest';
import { Rule } from '../../twin-assets/rulesSchema';
import { evaluateRule } from './ruleEval';

const gas = Rule.parse({ id: 'g', deviceType: 'gas', quantity: 'gas_lel', kind: 'gas_leak', when: 'above',
  bands: [{ level: 'IV', at: 10 }, { level: 'III', at: 20 }, { level: 'II', at: 30 }, { level: 'I', at: 50 }], deadband: 3 });
const hydrant = Rule.parse({ id: 'h', deviceType: 'hydrant', quantity: 'pressure_mpa', kind: 'hydrant_low_pressure', when: 'below',
  bands: [{ level: 'IV', at: 0.14 }, { level: 'III', at: 0.1 }], deadband: 0.02 });
const rise = Rule.parse({ id: 'r', deviceType: 'smoke', quantity: 'temperature_c', kind: 'fire', when: 'rate', perMinute: 8, level: 'III' });
const fall = Rule.parse({ id: 'f', deviceType: 'bracelet', quantity: 'fall_detected', kind: 'fall', when: 'flag', level: 'II' });

describe('evaluateRule', () => {
  it.each([
    ['below every band', gas, 5, false, { active: false }],
    ['at the first threshold', gas, 10, false, { active: true, level: 'IV' }],
    ['between bands takes the lower', gas, 29.9, false, { active: true, level: 'III' }],
    ['the most severe band', gas, 80, false, { active: true, level: 'I' }],
    ['inside the deadband while active holds', gas, 8, true, { active: true, level: null }],
    ['inside the deadband while inactive stays clear', gas, 8, false, { active: false }],
    ['below the deadband clears', gas, 7, true, { active: false }],
    ['falling thresholds: at the first', hydrant, 0.14, false, { active: true, level: 'IV' }],
    ['falling thresholds: most severe', hydrant, 0.05, false, { active: true, level: 'III' }],
    ['falling thresholds: healthy', hydrant, 0.3, false, { active: false }],
    ['falling thresholds: deadband holds', hydrant, 0.15, true, { active: true, level: null }],
    ['falling thresholds: above deadband clears', hydrant, 0.17, true, { active: false }],
    ['flag true', fall, true, false, { active: true, level: 'II' }],
    ['flag false', fall, false, true, { active: false }],
  ] as const)('%s', (_name, rule, value, wasActive, expected) => {
    expect(evaluateRule(rule, value, wasActive)).toEqual(expected);
  });

  it.each([
    ['a fast rise', 30, { value: 22, at: 0 }, 60_000, { active: true, level: 'III' }],
    ['a slow rise', 25, { value: 22, at: 0 }, 60_000, { active: false }],
    ['the same rise over half the time', 26.5, { value: 22, at: 0 }, 30_000, { active: true, level: 'III' }],
    ['a fall', 15, { value: 22, at: 0 }, 60_000, { active: false }],
    ['no previous reading', 60, undefined, 60_000, { active: false }],
  ] as const)('rate of rise: %s', (_n, value, previous, at, expected) => {
    expect(evaluateRule(rise, value, false, previous, at)).toEqual(expected);
  });

  it('does not chatter: a value hovering around the threshold raises once and clears once', () => {
    let active = false;
    let changes = 0;
    for (const v of [9, 10.2, 9.8, 10.1, 9.5, 8.2, 7.5, 9.9, 6.9]) {
      const now: boolean = evaluateRule(gas, v, active).active;
      if (now !== active) changes++;
      active = now;
    }
    expect(changes).toBe(2);
    expect(active).toBe(false);
  });
});
