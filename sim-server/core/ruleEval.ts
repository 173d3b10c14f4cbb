// One rule against one value. Hysteresis: an active condition holds inside the deadband, so a value
// hovering at a threshold does not chatter between raise and clear. Delays are the engine's business.
import type { Rule } from '../../twin-assets/rulesSchema';
import type { ResponseLevel } from '../../twin-assets/protocol';

export type Verdict =
  | { active: false }
  | { active: true; level: ResponseLevel }
  /** Still active, inside the deadband: keep the current level. */
  | { active: true; level: null };

/** The previous reading of the same quantity, for rate rules. */
export interface Previous { value: number; at: number }

export function evaluateRule(rule: Rule, value: number | boolean, wasActive: boolean, previous?: Previous, at?: number): Verdict {
  if (rule.when === 'flag') return value === true ? { active: true, level: rule.level } : { active: false };
  if (typeof value !== 'number') return { active: false };
  if (rule.when === 'rate') {
    if (!previous || at === undefined || at <= previous.at) return wasActive ? { active: true, level: null } : { active: false };
    const perMinute = (value - previous.value) / ((at - previous.at) / 60_000);
    return perMinute >= rule.perMinute ? { active: true, level: rule.level } : { active: false };
  }
  const hit = rule.when === 'above' ? (t: number) => value >= t : (t: number) => value <= t;
  let level: ResponseLevel | null = null;
  for (const band of rule.bands) if (hit(band.at)) level = band.level;
  if (level) return { active: true, level };
  const first = rule.bands[0]!.at;
  const holds = rule.when === 'above' ? value > first - rule.deadband : value < first + rule.deadband;
  return wasActive && rule.deadband > 0 && holds ? { active: true, level: null } : { active: false };
}
