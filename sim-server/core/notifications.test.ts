import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../test/helpers/fixtures';
import type { AlarmJson, LinkageTier } from '../../twin-assets/protocol';
import { planNotifications } from './notifications';

const index = bundledIndex();
const alarm = (over: Partial<AlarmJson> = {}): AlarmJson => ({
  id: 'a1', deviceId: 'gas-a1-301', deviceType: 'gas', kind: 'gas_leak', level: 'I', state: 'active_unacked', raisedAt: 0, ackedAt: null, ackedBy: null,
  location: { courtyardId: 'cy-a', buildingId: 'b-a1', floor: 3, x: -150, y: 84, z: 8.5 }, reading: { gas_lel: 40 }, notified: [], exercise: false, ...over,
});
const ALL: LinkageTier[] = ['household', 'building', 'grid', 'community', 'street'];
const who = (tiers: LinkageTier[], over: Partial<AlarmJson> = {}) =>
  planNotifications(index, alarm(over), tiers, 1, 0).map((n) => `${n.tier}:${n.channel}:${n.recipient.role}:${n.recipient.name}`);

describe('notification planning', () => {
  it('reaches every registered person of every tier at level I, with 119 for gas', () => {
    expect(who(ALL)).toEqual([
      'household:voice:relative:son:王强', 'household:sms:relative:son:王强', 'household:wechat:relative:son:王强',
      'building:voice:building_head:杨建华', 'building:sms:building_head:杨建华', 'building:voice:guard_room:纺织厂老院落',
      'grid:voice:grid_worker:刘芳', 'grid:sms:grid_worker:刘芳', 'grid:wechat:grid_worker:刘芳',
      'community:screen:community_duty:青云社区', 'community:radio:micro_fire_station:青云微型消防站',
      'street:screen:governance_centre:锦河街道智慧治理中心', 'street:voice:emergency_119:119',
    ]);
  });

  it.each([
    ['a fall calls 120', { kind: 'fall', deviceId: 'brc-a1-301' }, ['street:screen:governance_centre:锦河街道智慧治理中心', 'street:voice:emergency_120:120']],
    ['below level I no outside service is called', { level: 'II' as const }, ['street:screen:governance_centre:锦河街道智慧治理中心']],
  ])('%s', (_n, over, expected) => {
    expect(who(['street'], over)).toEqual(expected);
  });

  it('only the tiers asked for, each message in both languages, marked as a drill when it is one', () => {
    const plan = planNotifications(index, alarm({ exercise: true, level: 'III' }), ['household'], 2, 5);
    expect(new Set(plan.map((n) => n.tier))).toEqual(new Set(['household']));
    expect(plan[0]).toMatchObject({ round: 2, at: 5, exercise: true });
    expect(plan[0]!.text.zh).toContain('燃气泄漏');
    expect(plan[0]!.text.zh).toContain('（演练）');
    expect(plan[0]!.text.en).toContain('Gas leak');
    expect(new Set(plan.map((n) => n.id)).size).toBe(plan.length);
  });

  it('a street device has no household or building to call', () => {
    expect(who(['household', 'building', 'grid'], { deviceId: 'mh-s-1', kind: 'manhole_displaced' })).toEqual([
      'grid:voice:grid_worker:陈军', 'grid:sms:grid_worker:陈军', 'grid:wechat:grid_worker:陈军',
    ]);
  });
});
