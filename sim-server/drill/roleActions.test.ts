import { describe, expect, it } from 'vitest';
import { NEAR_M } from '../../scenarios/actions';
import { actionsFor, checkAction, type ActionContext } from './roleActions';

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
    if (!result.ok) { expect(result.reason.en).toMatch(/^[a-z].{8,}/); expect(result.reason.zh).toMatch(/[\u4e00-\u9fff]/); } // a reason a person reads, in both languages
  });

  it('says why, in words', () => {
    expect(checkAction('shut_valve', ctx({ toIncidentM: 120 }))).toEqual({ ok: false, reason: { en: 'you are 120 m from the incident: go within 15 m first', zh: '你距事发地120米：请先前往15米以内' } });
    expect(checkAction('shut_valve', ctx({ role: 'commander' }))).toEqual({ ok: false, reason: { en: 'a commander cannot shut valve; that is for: grid_worker, firefighter', zh: '指挥员不能“关闭燃气阀”，可由网格员、消防员执行' } });
    expect(checkAction('handover_120', ctx({ role: 'medic' }))).toEqual({ ok: false, reason: { en: 'call 120 has to be done first', zh: '请先完成“拨打120”' } });
  });

  it('observers and trainers have no world actions', () => {
    expect(actionsFor('observer')).toEqual([]);
    expect(actionsFor('trainer')).toEqual([]);
    expect(actionsFor('commander')).toContain('acknowledge');
  });
});
