// Validates a district and its rules (already parsed from JSON) into the typed model the twin
// runs on. Pure: the caller reads the files. Errors name the field path.
import { District } from './districtSchema';
import { RuleSet } from './rulesSchema';
import { toFieldErrors, type FieldError } from './validationErrors';

export type Loaded<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseDistrict(raw: unknown): Loaded<District> {
  const result = District.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}

export function parseRules(raw: unknown): Loaded<RuleSet> {
  const result = RuleSet.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}

/** Where the bundled files live; reading them is the caller's business. */
export const BUNDLED = {
  district: new URL('./districts/default.district.json', import.meta.url),
  rules: new URL('./rules/default.rules.json', import.meta.url),
};
