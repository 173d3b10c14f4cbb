// Fault injection: what real devices and links do wrong, at chosen rates, from a seeded RNG.
import type { Rng } from '../twin-assets/random';

export interface FaultRates {
  /** The device drops off the network (its last will fires) and is silent for a while. */
  dropout: number;
  /** The value freezes for a while. */
  stuck: number;
  /** The same message is sent twice (QoS 1 redelivery). */
  duplicate: number;
  /** The message is held back and sent after the next one. */
  outOfOrder: number;
  /** The device's clock is this far off (ms), for every message. */
  skewMs: number;
  /** A payload that does not parse. */
  malformed: number;
}

export const NO_FAULTS: FaultRates = { dropout: 0, stuck: 0, duplicate: 0, outOfOrder: 0, skewMs: 0, malformed: 0 };

const FAULT_KEYS: Record<string, keyof FaultRates> = {
  dropout: 'dropout', stuck: 'stuck', duplicate: 'duplicate', out_of_order: 'outOfOrder', skew: 'skewMs', malformed: 'malformed',
};

/** `--faults dropout=0.01,duplicate=0.05,skew=30000` */
export function parseFaults(spec: string): FaultRates {
  const out = { ...NO_FAULTS };
  for (const part of spec.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    const key = FAULT_KEYS[k!.toLowerCase()];
    const n = Number(v);
    if (!key || !Number.isFinite(n) || n < 0) throw new Error(`--faults: "${part}" is not one of dropout, stuck, duplicate, out_of_order, skew, malformed with a number`);
    if (key !== 'skewMs' && n > 1) throw new Error(`--faults: the rate of ${k} must be between 0 and 1`);
    out[key] = n;
  }
  return out;
}

export const roll = (rng: Rng, rate: number) => rate > 0 && rng() < rate;
