import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES, QUANTITIES } from '../twin-assets/deviceCatalog';
import { MAX_CLOCK_SKEW_MS, validateReading, validateStatus } from './reading';

const NOW = 1_763_870_400_000;

describe('validateReading', () => {
  it('accepts a good reading and keeps the device clock', () => {
    expect(validateReading('gas', { ts: NOW - 500, seq: 3, readings: { gas_lel: 12 } }, NOW)).toEqual({
      ok: true, reading: { ts: NOW - 500, tsSource: 'device', seq: 3, readings: { gas_lel: 12 } },
    });
  });

  it.each([
    ['missing', undefined],
    ['skewed by more than a day', NOW - MAX_CLOCK_SKEW_MS - 1],
    ['zero', 0],
  ])('uses arrival time when the device clock is %s', (_name, ts) => {
    const r = validateReading('gas', { ts, readings: { gas_lel: 1 } }, NOW);
    expect(r).toMatchObject({ ok: true, reading: { ts: NOW, tsSource: 'arrival', seq: null } });
  });

  it.each([
    ['not an object', 42, 'bad_shape'],
    ['an array', [1], 'bad_shape'],
    ['no readings', { ts: NOW }, 'bad_shape'],
    ['empty readings', { readings: {} }, 'bad_shape'],
    ['readings as an array', { readings: [1] }, 'bad_shape'],
    ['ts as text', { ts: 'now', readings: { gas_lel: 1 } }, 'wrong_type'],
    ['negative seq', { seq: -1, readings: { gas_lel: 1 } }, 'wrong_type'],
    ['fractional seq', { seq: 1.5, readings: { gas_lel: 1 } }, 'wrong_type'],
    ['value as text', { readings: { gas_lel: '31' } }, 'wrong_type'],
    ['value as null', { readings: { gas_lel: null } }, 'wrong_type'],
    ['unknown quantity', { readings: { gas_ppm: 3 } }, 'unknown_quantity'],
    ['a quantity of another device type', { readings: { flow_lpm: 3 } }, 'unknown_quantity'],
    ['prototype key', JSON.parse('{"readings":{"__proto__":1}}'), 'unknown_quantity'],
    ['above the physical range', { readings: { gas_lel: 101 } }, 'out_of_range'],
    ['below the physical range', { readings: { gas_lel: -0.1 } }, 'out_of_range'],
  ])('rejects %s', (_name, value, reason) => {
    expect(validateReading('gas', value, NOW)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['boolean as number', 'bracelet', { fall_detected: 1 }, 'wrong_type'],
    ['integer quantity with a fraction', 'elevator', { floor: 2.5 }, 'wrong_type'],
    ['infinite', 'crane', { wind_mps: Infinity }, 'wrong_type'],
  ] as const)('rejects %s', (_name, type, readings, reason) => {
    expect(validateReading(type, { readings }, NOW)).toMatchObject({ ok: false, reason });
  });

  it('accepts the mid-range value of every quantity of every device type', () => {
    for (const type of DEVICE_TYPES) {
      const readings = Object.fromEntries(Object.entries(QUANTITIES[type]).map(([q, spec]) =>
        [q, spec.kind === 'boolean' ? false : spec.integer ? Math.round((spec.min + spec.max) / 2) : (spec.min + spec.max) / 2]));
      expect(validateReading(type, { readings }, NOW).ok, type).toBe(true);
    }
  });
});

describe('validateStatus', () => {
  it.each([
    [{ online: true, battery: 87 }, { ok: true, status: { online: true, battery: 87 } }],
    [{ online: false }, { ok: true, status: { online: false, battery: null } }],
    [{ online: 'yes' }, { ok: false, reason: 'wrong_type' }],
    [{ online: true, battery: 140 }, { ok: false, reason: 'out_of_range' }],
    ['offline', { ok: false, reason: 'bad_shape' }],
  ])('%j', (value, expected) => {
    expect(validateStatus(value)).toMatchObject(expected);
  });
});
