import { describe, expect, it } from 'vitest';
import { bundledDistrictJson, bundledRules, district } from '../test/helpers/fixtures';
import { DEVICE_TYPES } from './deviceCatalog';
import { parseDistrict, parseRules } from './loadDistrict';
import { errorLines } from './validationErrors';

const errorsOf = (raw: unknown) => {
  const r = parseDistrict(raw);
  return r.ok ? [] : errorLines(r.errors);
};

describe('district schema', () => {
  it('accepts the bundled district, which has every device type', () => {
    const r = parseDistrict(bundledDistrictJson());
    expect(r.ok).toBe(true);
    if (r.ok) expect(new Set(r.value.devices.map((d) => d.type))).toEqual(new Set(DEVICE_TYPES));
  });

  it.each([
    ['zero floors', (d: ReturnType<typeof district>) => { d.buildings[0]!.floors = 0; }, 'buildings[0].floors: expected at least 1'],
    ['a missing name', (d: ReturnType<typeof district>) => { delete (d.buildings[0] as Partial<(typeof d.buildings)[0]>).name; }, 'buildings[0].name: expected object'],
    ['an unknown device type', (d: ReturnType<typeof district>) => { (d.devices[0] as { type: string }).type = 'toaster'; }, 'devices[0].type: expected one of'],
    ['a dangling building reference', (d: ReturnType<typeof district>) => { d.devices[0]!.buildingId = 'b9'; }, 'devices[0].buildingId: unknown building "b9"'],
    ['a duplicate device id', (d: ReturnType<typeof district>) => { d.devices.push({ ...d.devices[0]! }); }, 'devices[1].id: duplicate id "gas1"'],
    ['an id with a slash (it would break MQTT topics)', (d: ReturnType<typeof district>) => { d.devices[0]!.id = 'gas/1'; }, 'devices[0].id: expected an id'],
    ['a latitude out of range', (d: ReturnType<typeof district>) => { d.origin.lat = 91; }, 'origin.lat: expected at most 90'],
  ])('refuses %s with the field path', (_name, spoil, expected) => {
    const d = district();
    spoil(d);
    expect(errorsOf(d).some((line) => line.startsWith(expected)), errorsOf(d).join('\n')).toBe(true);
  });

  it('reports every error, not only the first', () => {
    const d = district();
    d.buildings[0]!.floors = 0;
    d.devices[0]!.buildingId = 'b9';
    expect(errorsOf(d)).toHaveLength(2);
  });
});

describe('rules schema', () => {
  it('accepts the bundled rules', () => {
    expect(bundledRules().rules.length).toBeGreaterThan(10);
  });

  it.each([
    ['a quantity the device type lacks', { id: 'r', deviceType: 'gas', quantity: 'flow_lpm', kind: 'x', when: 'above', bands: [{ level: 'IV', at: 1 }] }, 'rules[0].quantity'],
    ['a flag rule on a number', { id: 'r', deviceType: 'gas', quantity: 'gas_lel', kind: 'x', when: 'flag', level: 'IV' }, 'rules[0].when'],
    ['bands out of order', { id: 'r', deviceType: 'gas', quantity: 'gas_lel', kind: 'x', when: 'above', bands: [{ level: 'III', at: 20 }, { level: 'II', at: 10 }] }, 'rules[0].bands'],
  ])('refuses %s', (_name, rule, path) => {
    const r = parseRules({ tiersByLevel: { IV: ['household'], III: ['household'], II: ['household'], I: ['street'] }, rules: [rule] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });
});
