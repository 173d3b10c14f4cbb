import { describe, expect, it } from 'vitest';
import { ALARM_STATES } from '../../twin-assets/protocol';
import { nextAlarmState, restoredState, type LifecycleInput } from './alarmLifecycle';

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
    ['active_unacked', 'shelve', 'shelved'],
    ['active_acked', 'shelve', 'shelved'],
    ['rtn_unacked', 'suppress', 'suppressed'],
    ['active_unacked', 'remove_from_service', 'out_of_service'],
    ['shelved', 'condition_clear', 'shelved'],
    ['shelved', 'acknowledge', null],
    ['shelved', 'remove_from_service', 'out_of_service'],
    ['suppressed', 'condition_active', 'suppressed'],
    ['out_of_service', 'condition_active', 'out_of_service'],
    ['out_of_service', 'shelve', null],
    ['closed', 'shelve', null],
  ] as const)('%s + %s → %s', (from, input, to) => {
    expect(nextAlarmState(from, input)).toBe(to);
  });

  it.each([
    [false, true, 'active_unacked'],
    [true, true, 'active_acked'],
    [false, false, 'rtn_unacked'],
    [true, false, 'closed'],
  ] as const)('restores an alarm set aside (acknowledged %s, condition active %s) to %s', (acked, active, state) => {
    expect(restoredState(acked, active)).toBe(state);
  });

  it('every state answers every input without throwing', () => {
    const inputs: LifecycleInput[] = ['condition_active', 'condition_clear', 'acknowledge', 'shelve', 'suppress', 'remove_from_service'];
    for (const s of ALARM_STATES) for (const i of inputs) expect(() => nextAlarmState(s, i)).not.toThrow();
  });

  it('no path leaves closed', () => {
    for (const i of ['condition_active', 'condition_clear', 'acknowledge', 'shelve', 'suppress', 'remove_from_service'] as const) expect(nextAlarmState('closed', i)).toBeNull();
  });
});
