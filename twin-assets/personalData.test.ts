import { describe, expect, it } from 'vitest';
import { bundledDistrictJson } from '../test/helpers/fixtures';
import { parseDistrict } from './loadDistrict';
import { districtView, districtWithoutPersonalData } from './personalData';

const PHONE = /\+86 \d{2,3} \d{4} \d{4}/;

describe('personal data', () => {
  const parsed = parseDistrict(bundledDistrictJson());
  if (!parsed.ok) throw new Error('bundled district invalid');
  const d = parsed.value;

  it('without a session: no resident\'s, relative\'s, building head\'s or grid worker\'s name, no phone, no age or vulnerability flag; the places stay', () => {
    const names = [...d.households.flatMap((h) => [...h.residents.map((r) => r.name), ...h.contacts.flatMap((c) => [c.name, c.phone])]),
      ...d.buildings.flatMap((b) => (b.head ? [b.head.name, b.head.phone] : [])), ...d.grids.flatMap((g) => [g.worker.name, g.worker.phone])].filter(Boolean);
    expect(names.length).toBeGreaterThan(10);
    const stripped = districtWithoutPersonalData(d);
    const text = JSON.stringify(stripped);
    for (const n of names) expect(text).not.toContain(`"${n}"`);
    expect(text).not.toMatch(PHONE);
    expect(stripped.households.flatMap((h) => h.residents).some((r) => r.age > 0 || r.livingAlone || r.disabled || r.lowIncome)).toBe(false);
    expect(stripped.households.map((h) => [h.id, h.unit, h.residents.length])).toEqual(d.households.map((h) => [h.id, h.unit, h.residents.length]));
  });

  it('staff whose scope covers one courtyard see its residents, and work contacts; the rest stays out, and it is still a valid district', () => {
    const inA = (cy: string | null) => cy === 'cy-a';
    const view = districtView(d, { residents: inA, staff: true });
    const courtyardOf = new Map(d.buildings.map((b) => [b.id, b.courtyardId]));
    for (const h of view.households) {
      const original = d.households.find((x) => x.id === h.id)!;
      expect(h).toEqual(inA(courtyardOf.get(h.buildingId)!) ? original : expect.objectContaining({ contacts: [] }));
    }
    expect(view.households.some((h) => h.residents.some((r) => r.name))).toBe(true);
    expect(view.grids).toEqual(d.grids);
    expect(parseDistrict(JSON.parse(JSON.stringify(view))).ok).toBe(true);
  });
});
