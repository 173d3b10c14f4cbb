// Validates CAP XML against the OASIS CAP 1.2 schema with xmllint (Debian's libxml2-utils).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CAP_XSD = fileURLToPath(new URL('../../bridge/cap-v1.2.xsd', import.meta.url));

export function validateCap(xml: string): { valid: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', CAP_XSD, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint could not run (${run.error.message}); install libxml2-utils`);
  return { valid: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}
