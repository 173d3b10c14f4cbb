// Seeded randomness (mulberry32): the same seed gives the same sequence on every machine.
export type Rng = () => number;
/** A generator whose one word of state can be read and set: a drill's kernel snapshot keeps it. */
export interface SeededRng { (): number; state: number }

export function seededRng(seed: number): SeededRng {
  const next = (() => {
    next.state = (next.state + 0x6d2b79f5) >>> 0;
    let t = next.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as SeededRng;
  next.state = seed >>> 0;
  return next;
}

/** A stable 32-bit hash of a string, to derive per-device seeds from one seed. */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
