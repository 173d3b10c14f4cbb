import { describe, expect, it } from 'vitest';
import { LIVE, parseDeviceTopic, topicsFor } from './topics';

describe('topics', () => {
  it('builds the contract tree for live and for a drill', () => {
    expect(topicsFor(LIVE, 'jinhe').telemetry('gas1')).toBe('twin/jinhe/dev/gas1/telemetry');
    expect(topicsFor(LIVE, 'jinhe').alarm('a.1')).toBe('twin/jinhe/alarm/a.1');
    expect(topicsFor({ kind: 'drill', drillId: 'd7' }, 'jinhe').cap()).toBe('drill/d7/jinhe/cap');
    expect(topicsFor(LIVE, 'jinhe').notify('sms')).toBe('twin/jinhe/notify/sms');
  });

  it.each([
    ['twin/jinhe/dev/gas1/telemetry', { root: LIVE, districtId: 'jinhe', deviceId: 'gas1', leaf: 'telemetry' }],
    ['drill/d7/jinhe/dev/gas1/status', { root: { kind: 'drill', drillId: 'd7' }, districtId: 'jinhe', deviceId: 'gas1', leaf: 'status' }],
    ['twin/jinhe/dev/gas1/cmd', null],
    ['twin/jinhe/dev/gas1', null],
    ['twin/jinhe/dev/gas1/telemetry/extra', null],
    ['twin/jinhe/alarm/x', null],
    ['other/jinhe/dev/gas1/telemetry', null],
    ['twin//dev/gas1/telemetry', null],
  ])('parses %s', (topic, expected) => {
    expect(parseDeviceTopic(topic)).toEqual(expected);
  });

  it('a drill topic is never parsed as live', () => {
    expect(parseDeviceTopic('drill/d1/jinhe/dev/gas1/telemetry')?.root.kind).toBe('drill');
  });
});
