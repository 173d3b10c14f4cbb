// Reads a district file and its rules file from disk and validates them. Every problem becomes a
// line naming the file and the field: `district.json: buildings[12].floors: expected at least 1`.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { District } from '../twin-assets/districtSchema';
import { BUNDLED, parseDistrict, parseRules } from '../twin-assets/loadDistrict';
import type { RuleSet } from '../twin-assets/rulesSchema';
import { errorLines } from '../twin-assets/validationErrors';

export class DistrictFileError extends Error {
  constructor(readonly file: string, readonly lines: string[]) {
    super(`${file} is invalid: ${lines.slice(0, 5).join('; ')}${lines.length > 5 ? ` (and ${lines.length - 5} more)` : ''}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DistrictFileError(file, [(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DistrictFileError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
}

export interface LoadedDistrict { district: District; rules: RuleSet; districtFile: string; rulesFile: string; districtJson: string }

export async function loadDistrictFiles(districtPath: string | null): Promise<LoadedDistrict> {
  const districtFile = districtPath ? resolve(districtPath) : fileURLToPath(BUNDLED.district);
  const parsed = parseDistrict(await readJson(districtFile));
  if (!parsed.ok) throw new DistrictFileError(districtFile, errorLines(parsed.errors));
  const district = parsed.value;
  const rulesFile = district.rulesFile ? resolve(dirname(districtFile), district.rulesFile) : fileURLToPath(BUNDLED.rules);
  const rules = parseRules(await readJson(rulesFile));
  if (!rules.ok) throw new DistrictFileError(rulesFile, errorLines(rules.errors));
  return { district, rules: rules.value, districtFile, rulesFile, districtJson: JSON.stringify(district) };
}
