// The ISA-18.2 alarm lifecycle. A closed alarm never reopens: a new activation raises a new alarm.
// Shelving (by an operator, with an expiry), suppression (by design: the device is offline, so its
// readings cannot be trusted) and out-of-service (the device is taken out for maintenance) hold an
// alarm aside; when they end, `restoredState` says where it goes back to.
import type { AlarmState } from '../../twin-assets/protocol';

export type LifecycleInput = 'condition_active' | 'condition_clear' | 'acknowledge' | 'shelve' | 'suppress' | 'remove_from_service';

const ANNUNCIATED: Partial<Record<LifecycleInput, AlarmState>> = { shelve: 'shelved', suppress: 'suppressed', remove_from_service: 'out_of_service' };
const HOLD = (s: AlarmState) => ({ condition_active: s, condition_clear: s });

const TABLE: Record<AlarmState, Partial<Record<LifecycleInput, AlarmState>>> = {
  active_unacked: { condition_active: 'active_unacked', condition_clear: 'rtn_unacked', acknowledge: 'active_acked', ...ANNUNCIATED },
  active_acked: { condition_active: 'active_acked', condition_clear: 'closed', ...ANNUNCIATED },
  rtn_unacked: { condition_active: 'active_unacked', condition_clear: 'rtn_unacked', acknowledge: 'closed', ...ANNUNCIATED },
  closed: {},
  shelved: { ...HOLD('shelved'), remove_from_service: 'out_of_service' },
  suppressed: { ...HOLD('suppressed'), remove_from_service: 'out_of_service' },
  out_of_service: HOLD('out_of_service'),
};

/** The next state, or null when the input is not allowed in this state. */
export function nextAlarmState(state: AlarmState, input: LifecycleInput): AlarmState | null {
  return TABLE[state][input] ?? null;
}

/** Where a shelved, suppressed or out-of-service alarm returns when that ends. An acknowledgement given
 * before it was set aside still counts; an alarm whose condition cleared meanwhile and was acknowledged closes. */
export function restoredState(acknowledged: boolean, conditionActive: boolean): AlarmState {
  if (conditionActive) return acknowledged ? 'active_acked' : 'active_unacked';
  return acknowledged ? 'closed' : 'rtn_unacked';
}

export const isOpen = (state: AlarmState) => state !== 'closed';
export const isActive = (state: AlarmState) => state === 'active_unacked' || state === 'active_acked';
export const isAside = (state: AlarmState) => state === 'shelved' || state === 'suppressed' || state === 'out_of_service';
