import { describe, expect, it } from 'vitest';
import { ALARM_STATES } from '../../twin-assets/protocol';
import { nextAlarmState, type LifecycleInput } from './alarmLifecycle';

describe('ISA-18.2 lifecycle', () => {
  it.each([
    ['active_unacked', 'acknowledge', 'active_acked'],
    ['active_unacked', 'condition_clear', 'rtn_unacked'],
    ['active_unacked', 'condition_active', 'active_unacked'],
    ['active_acked', 'condition_clear', 'closed'],
    ['active_acked', 'condition_active', 'active_acked'],
    ['active_acked', 'acknowledge', null],
    ['rtn_unacked', 'acknowledge', 'closed'],
    ['rtn_unacked', 'condition_active', 'active_unacked'],
    ['rtn_unacked', 'condition_clear', 'rtn_unacked'],
    ['closed', 'condition_active', null],
    ['closed', 'acknowledge', null],
  ] as const)('%s + %s → %s', (from, input, to) => {
    expect(nextAlarmState(from, input)).toBe(to);
  });

  it('every state answers every input without throwing', () => {
    const inputs: LifecycleInput[] = ['condition_active', 'condition_clear', 'acknowledge'];
    for (const s of ALARM_STATES) for (const i of inputs) expect(() => nextAlarmState(s, i)).not.toThrow();
  });

  it('no path leaves closed', () => {
    for (const i of ['condition_active', 'condition_clear', 'acknowledge'] as const) expect(nextAlarmState('closed', i)).toBeNull();
  });
});
