// Reads a district file and its rules file from disk and validates them. Every problem becomes a
// line naming the file and the field: `district.json: buildings[12].floors: expected at least 1`.
// A district file may be a patch of another (twin-assets/districtFile.ts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { District } from '../twin-assets/districtSchema';
import { BUNDLED, parseDistrict, parseRules } from '../twin-assets/loadDistrict';
import type { RuleSet } from '../twin-assets/rulesSchema';
import { errorLines } from '../twin-assets/validationErrors';
import { DistrictFileError, readDistrictJson, readJson } from '../twin-assets/districtFile';

export { DistrictFileError };

export interface LoadedDistrict { district: District; rules: RuleSet; districtFile: string; rulesFile: string; districtJson: string }

export async function loadDistrictFiles(districtPath: string | null): Promise<LoadedDistrict> {
  const districtFile = districtPath ? resolve(districtPath) : fileURLToPath(BUNDLED.district);
  const { raw, rulesDir } = await readDistrictJson(districtFile);
  const parsed = parseDistrict(raw);
  if (!parsed.ok) throw new DistrictFileError(districtFile, errorLines(parsed.errors));
  const district = parsed.value;
  const rulesFile = district.rulesFile ? resolve(rulesDir, district.rulesFile) : fileURLToPath(BUNDLED.rules);
  const rules = parseRules(await readJson(rulesFile));
  if (!rules.ok) throw new DistrictFileError(rulesFile, errorLines(rules.errors));
  return { district, rules: rules.value, districtFile, rulesFile, districtJson: JSON.stringify(district) };
}
