// The scenario library shipped with the product.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from './parse';
import type { Scenario } from './schema';

export const BUILTIN_DIR = fileURLToPath(new URL('./builtin/', import.meta.url));

export function builtinScenarios(): { file: string; scenario: Scenario }[] {
  return readdirSync(BUILTIN_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((file) => {
    const parsed = parseScenario(readFileSync(BUILTIN_DIR + file, 'utf8'));
    if (!parsed.ok) throw new Error(`built-in scenario ${file} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return { file, scenario: parsed.scenario };
  });
}
