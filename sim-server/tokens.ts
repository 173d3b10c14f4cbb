import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison, so a token cannot be guessed from response times. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
