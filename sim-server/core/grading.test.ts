import { describe, expect, it } from 'vitest';
import { grade, type GradeInput } from './grading';

const input = (over: Partial<GradeInput> = {}): GradeInput => ({ base: 'III', vulnerable: false, spreadBuilding: 0, spreadCourtyard: 0, escalations: 0, ...over });
const rules = { spreadBuilding: 2, spreadCourtyard: 4 };

describe('grading', () => {
  it.each([
    ['the reading alone', {}, 'III', ['reading:III']],
    ['a vulnerable household', { vulnerable: true }, 'II', ['reading:III', 'vulnerable_household']],
    ['spread in the building', { spreadBuilding: 2 }, 'II', ['reading:III', 'spread_building:2']],
    ['too little spread in the building', { spreadBuilding: 1 }, 'III', ['reading:III']],
    ['spread in the courtyard', { spreadCourtyard: 4 }, 'II', ['reading:III', 'spread_courtyard:4']],
    ['building and courtyard spread count once', { spreadBuilding: 3, spreadCourtyard: 6 }, 'II', ['reading:III', 'spread_building:3']],
    ['one escalation', { escalations: 1 }, 'II', ['reading:III', 'unacknowledged:1']],
    ['every factor, capped at I', { vulnerable: true, spreadBuilding: 5, escalations: 3 }, 'I', ['reading:III', 'vulnerable_household', 'spread_building:5', 'unacknowledged:3']],
    ['a severe reading stays severe', { base: 'I' as const }, 'I', ['reading:I']],
  ] as const)('%s', (_n, over, level, factors) => {
    expect(grade(input(over as Partial<GradeInput>), rules)).toEqual({ level, factors });
  });

  it('falls again when the factors go', () => {
    expect(grade(input({ spreadBuilding: 3 }), rules).level).toBe('II');
    expect(grade(input({ spreadBuilding: 0 }), rules).level).toBe('III');
  });
});
