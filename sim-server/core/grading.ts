// Response level IV–I from what is known about an alarm. Each factor raises the grade one step and
// is named, so an operator can see why an alarm stands where it does. Recomputed on every change,
// so the grade also falls when the reading eases or the spread subsides.
import { RESPONSE_LEVELS, levelRank, type ResponseLevel } from '../../twin-assets/protocol';

export interface GradeInput {
  /** From the rule: the band the reading is in (severity by device type and reading). */
  base: ResponseLevel;
  /** A resident of the household is elderly and living alone, or disabled, and the kind endangers life. */
  vulnerable: boolean;
  /** Other open alarms raised recently in the same building / courtyard. */
  spreadBuilding: number;
  spreadCourtyard: number;
  /** Escalation rounds passed without acknowledgement. */
  escalations: number;
}

export interface GradeRules { spreadBuilding: number; spreadCourtyard: number }

export function grade(input: GradeInput, rules: GradeRules): { level: ResponseLevel; factors: string[] } {
  const factors = [`reading:${input.base}`];
  let steps = 0;
  if (input.vulnerable) { steps++; factors.push('vulnerable_household'); }
  if (input.spreadBuilding >= rules.spreadBuilding) { steps++; factors.push(`spread_building:${input.spreadBuilding}`); }
  else if (input.spreadCourtyard >= rules.spreadCourtyard) { steps++; factors.push(`spread_courtyard:${input.spreadCourtyard}`); }
  if (input.escalations > 0) { steps += input.escalations; factors.push(`unacknowledged:${input.escalations}`); }
  const rank = Math.min(levelRank(input.base) + steps, RESPONSE_LEVELS.length - 1);
  return { level: RESPONSE_LEVELS[rank]!, factors };
}
