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
  it('stands a building on its footprint, with its box derived; the older box alone gives the footprint; neither is refused', () => {
    const raw = bundledDistrictJson() as { buildings: Record<string, unknown>[] };
    const L = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 30, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 20 }, { x: 0, y: 20 }];
    const { footprint: _, ...boxOnly } = raw.buildings[1]!;
    const r = parseDistrict({ ...raw, buildings: [{ ...raw.buildings[0]!, footprint: L }, { ...boxOnly, x: -140, y: 42, width: 40, depth: 12 }, ...raw.buildings.slice(2)] });
    if (!r.ok) throw new Error(errorLines(r.errors).join('; '));
    expect(r.value.buildings[0]).toMatchObject({ footprint: L, x: 15, y: 10, width: 30, depth: 20 });
    expect(r.value.buildings[1]!.footprint).toEqual([{ x: -160, y: 36 }, { x: -120, y: 36 }, { x: -120, y: 48 }, { x: -160, y: 48 }]);
    const { footprint: __, ...neither } = raw.buildings[0]!;
    expect(errorsOf({ ...raw, buildings: [neither, ...raw.buildings.slice(1)] })).toEqual(["buildings[0].footprint: give the building's footprint (a polygon of {x, y}), or its box: x, y, width and depth"]);
  });

  it('accepts the bundled district, which has every device type', () => {
    const r = parseDistrict(bundledDistrictJson());
    expect(r.ok).toBe(true);
    if (r.ok) expect(new Set(r.value.devices.map((d) => d.type))).toEqual(new Set(DEVICE_TYPES));
  });

  it('the bundled district has one of each thing the street has', () => {
    const r = parseDistrict(bundledDistrictJson());
    if (!r.ok) throw new Error('invalid');
    const d = r.value;
    for (const kind of ['grids', 'elevators', 'cranes', 'manholes', 'hydrants', 'pumpStations', 'floodZones', 'microFireStations', 'capsuleStations', 'emergencyStations'] as const) {
      expect(d[kind].length, kind).toBeGreaterThan(0);
    }
    expect(d.streets.edges.length).toBeGreaterThan(0);
    expect(d.governanceCentre).not.toBeNull();
    expect(new Set(d.courtyards.map((c) => c.kind))).toEqual(new Set(['old_courtyard', 'estate', 'construction_site', 'street', 'station']));
    const capsule = d.capsuleStations[0]!;
    expect(capsule.aed).toBe(true);
    expect(Object.keys(capsule.supplies).sort()).toEqual(['fire', 'first_aid', 'protection', 'rescue', 'warning']);
    // gas and smoke detectors in the homes of elderly people living alone, in old courtyards
    const households = new Map(d.households.map((h) => [h.id, h]));
    const oldYards = new Set(d.courtyards.filter((c) => c.kind === 'old_courtyard').map((c) => c.id));
    for (const type of ['gas', 'smoke'] as const) {
      expect(d.devices.some((v) => v.type === type && oldYards.has(v.courtyardId ?? '') &&
        households.get(v.householdId ?? '')?.residents.some((p) => p.livingAlone && p.age >= 70)), type).toBe(true);
    }
  });

  it.each([
    ['zero floors', (d: ReturnType<typeof district>) => { d.buildings[0]!.floors = 0; }, 'buildings[0].floors: expected at least 1'],
    ['a missing name', (d: ReturnType<typeof district>) => { delete (d.buildings[0] as Partial<(typeof d.buildings)[0]>).name; }, 'buildings[0].name: expected object'],
    ['an unknown device type', (d: ReturnType<typeof district>) => { (d.devices[0] as { type: string }).type = 'toaster'; }, 'devices[0].type: expected one of'],
    ['a dangling building reference', (d: ReturnType<typeof district>) => { d.devices[0]!.buildingId = 'b9'; }, 'devices[0].buildingId: unknown building "b9"'],
    ['a duplicate device id', (d: ReturnType<typeof district>) => { d.devices.push({ ...d.devices[0]! }); }, 'devices[1].id: duplicate id "gas1"'],
    ['an id with a slash (it would break MQTT topics)', (d: ReturnType<typeof district>) => { d.devices[0]!.id = 'gas/1'; }, 'devices[0].id: expected an id'],
    ['an elevator tied to a device of another type', (d: ReturnType<typeof district>) => {
      d.elevators = [{ id: 'el1', buildingId: 'b1', deviceId: 'gas1', x: 0, y: 0, floorsServed: { from: 1, to: 6 } }];
    }, 'elevators[0].deviceId: device "gas1" is a gas, expected a elevator'],
    ['a crane curve beyond its jib', (d: ReturnType<typeof district>) => {
      d.cranes = [{ id: 'tc1', courtyardId: 'cy1', x: 0, y: 0, heightM: 40, jibLengthM: 30, ratedLoadKg: 5000,
        loadMomentCurve: [{ radiusM: 10, maxLoadKg: 5000 }, { radiusM: 35, maxLoadKg: 1000 }] }];
    }, 'cranes[0].loadMomentCurve: a radius is beyond the jib'],
    ['a street edge to a missing node', (d: ReturnType<typeof district>) => {
      d.streets = { nodes: [{ id: 'n1', x: 0, y: 0 }], edges: [{ id: 'e1', from: 'n1', to: 'n9', widthM: 6 }] };
    }, 'streets.edges[0].to: unknown street node "n9"'],
    ['a courtyard in a missing grid', (d: ReturnType<typeof district>) => { d.courtyards[0]!.gridId = 'g9'; }, 'courtyards[0].gridId: unknown grid "g9"'],
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
