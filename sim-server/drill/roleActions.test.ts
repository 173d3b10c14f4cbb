import { describe, expect, it } from 'vitest';
import { actionsFor, checkAction, NEAR_M, type ActionContext } from './roleActions';

const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
  role: 'grid_worker', status: 'running', phase: 'detected', toIncidentM: 5, toAedStationM: 300, carriesAed: false, unacknowledgedAlarms: 1, done: () => false, ...over,
});

describe('role actions: checked on the server before anything happens', () => {
  it.each([
    ['shut_valve', ctx(), true],
    ['shut_valve', ctx({ role: 'commander' }), false],
    ['shut_valve', ctx({ role: 'observer' }), false],
    ['shut_valve', ctx({ toIncidentM: NEAR_M + 1 }), false],
    ['shut_valve', ctx({ phase: 'dormant' }), false],
    ['shut_valve', ctx({ status: 'paused' }), false],
    ['shut_valve', ctx({ status: 'lobby' }), false],
    ['acknowledge', ctx({ role: 'commander', toIncidentM: null }), true],
    ['acknowledge', ctx({ role: 'commander', unacknowledgedAlarms: 0 }), false],
    ['fetch_aed', ctx({ toAedStationM: 3 }), true],
    ['fetch_aed', ctx({ toAedStationM: 3, carriesAed: true }), false],
    ['use_aed', ctx(), false],
    ['use_aed', ctx({ carriesAed: true }), true],
    ['handover_120', ctx({ role: 'medic' }), false],
    ['handover_120', ctx({ role: 'medic', done: (a) => a === 'call_120' }), true],
    ['deploy_pump', ctx({ role: 'firefighter' }), true],
    ['deploy_pump', ctx({ role: 'medic' }), false],
    ['report_hazard', ctx({ role: 'medic', toIncidentM: null }), true],
    ['report_hazard', ctx({ role: 'trainer' }), false],
  ] as const)('%s by %o → %s', (action, c, ok) => {
    const result = checkAction(action, c);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toMatch(/^[a-z].{8,}/); // a reason a person reads
  });

  it('says why, in words', () => {
    expect(checkAction('shut_valve', ctx({ toIncidentM: 120 }))).toEqual({ ok: false, reason: 'you are 120 m from the incident, close enough: go within 15 m first' });
    expect(checkAction('shut_valve', ctx({ role: 'commander' }))).toEqual({ ok: false, reason: 'a commander cannot shut valve; that is for: grid_worker, firefighter' });
  });

  it('observers and trainers have no world actions', () => {
    expect(actionsFor('observer')).toEqual([]);
    expect(actionsFor('trainer')).toEqual([]);
    expect(actionsFor('commander')).toContain('acknowledge');
  });
});
