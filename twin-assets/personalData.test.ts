import { describe, expect, it } from 'vitest';
import { bundledDistrictJson } from '../test/helpers/fixtures';
import { parseDistrict } from './loadDistrict';
import { districtWithoutPersonalData } from './personalData';

describe('personal data', () => {
  it('takes out every resident\'s name and every relative, keeps what responders need (age, living alone), and stays a valid district', () => {
    const parsed = parseDistrict(bundledDistrictJson());
    if (!parsed.ok) throw new Error('bundled district invalid');
    const d = parsed.value;
    const names = d.households.flatMap((h) => [...h.residents.map((r) => r.name), ...h.contacts.flatMap((c) => [c.name, c.phone])]).filter(Boolean);
    expect(names.length).toBeGreaterThan(5);
    const stripped = districtWithoutPersonalData(d);
    const text = JSON.stringify(stripped);
    for (const n of names) expect(text).not.toContain(`"${n}"`);
    expect(stripped.households.map((h) => h.residents.map((r) => [r.age, r.livingAlone]))).toEqual(d.households.map((h) => h.residents.map((r) => [r.age, r.livingAlone])));
    expect(parseDistrict(JSON.parse(text)).ok).toBe(true);
  });
});
