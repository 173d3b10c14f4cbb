// The ISA-18.2 alarm lifecycle as a transition table. A closed alarm never reopens: a new
// activation raises a new alarm.
import type { AlarmState } from '../../twin-assets/protocol';

export type LifecycleInput = 'condition_active' | 'condition_clear' | 'acknowledge';

const TABLE: Record<AlarmState, Partial<Record<LifecycleInput, AlarmState>>> = {
  active_unacked: { condition_active: 'active_unacked', condition_clear: 'rtn_unacked', acknowledge: 'active_acked' },
  active_acked: { condition_active: 'active_acked', condition_clear: 'closed' },
  rtn_unacked: { condition_active: 'active_unacked', condition_clear: 'rtn_unacked', acknowledge: 'closed' },
  closed: {},
  // Shelving, suppression and out-of-service come with the full engine; until then they hold their state.
  shelved: { condition_active: 'shelved', condition_clear: 'shelved' },
  suppressed: { condition_active: 'suppressed', condition_clear: 'suppressed' },
  out_of_service: { condition_active: 'out_of_service', condition_clear: 'out_of_service' },
};

/** The next state, or null when the input is not allowed in this state. */
export function nextAlarmState(state: AlarmState, input: LifecycleInput): AlarmState | null {
  return TABLE[state][input] ?? null;
}

export const isOpen = (state: AlarmState) => state !== 'closed';
export const isUnacked = (state: AlarmState) => state === 'active_unacked' || state === 'rtn_unacked';
