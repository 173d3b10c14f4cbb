// Fixture factories: a small district and rules built in code, overridable per test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { indexDistrict } from '../../twin-assets/districtIndex';
import { District, type DistrictInput } from '../../twin-assets/districtSchema';
import { BUNDLED } from '../../twin-assets/loadDistrict';
import { RuleSet } from '../../twin-assets/rulesSchema';

export const bundledDistrictJson = (): DistrictInput => JSON.parse(readFileSync(fileURLToPath(BUNDLED.district), 'utf8'));
/** How many devices the bundled district has: tests compare what the server serves with the file. */
export const BUNDLED_DEVICES = bundledDistrictJson().devices.length;
export const bundledRules = () => RuleSet.parse(JSON.parse(readFileSync(fileURLToPath(BUNDLED.rules), 'utf8')));
export const bundledIndex = () => indexDistrict(District.parse(bundledDistrictJson()));

export function district(overrides: Partial<DistrictInput> = {}): DistrictInput {
  return {
    id: 'test', name: { zh: '测试', en: 'Test' }, origin: { lat: 30.66, lon: 104.06 },
    communities: [{ id: 'c1', name: { zh: '社区', en: 'Community' } }],
    grids: [{ id: 'g1', communityId: 'c1', name: { zh: '网格', en: 'Grid' }, worker: { name: '刘芳', phone: '+86 139 0000 0000' } }],
    courtyards: [{ id: 'cy1', communityId: 'c1', gridId: 'g1', kind: 'old_courtyard', name: { zh: '院', en: 'Yard' }, x: 0, y: 0, width: 50, depth: 50 }],
    buildings: [{ id: 'b1', courtyardId: 'cy1', name: { zh: '1栋', en: 'Block 1' }, x: 0, y: 0, width: 20, depth: 10, floors: 6 }],
    households: [],
    devices: [{ id: 'gas1', type: 'gas', courtyardId: 'cy1', buildingId: 'b1', floor: 3, position: { x: 1, y: 2, z: 8 } }],
    ...overrides,
  };
}
