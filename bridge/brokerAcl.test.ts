import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe, type ClientRole } from './brokerAcl';

const scope = { districtId: 'jinhe', isDevice: (id: string) => ['gas-a1-301', 'smk-a3-101'].includes(id) };

describe('topic ACL', () => {
  it.each([
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/telemetry', true],
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/status', true],
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/ack', true],
    ['anonymous', 'x', 'twin/jinhe/dev/not-a-device/telemetry', false],
    ['anonymous', 'x', 'twin/other/dev/gas-a1-301/telemetry', false],
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/cmd', false],
    ['anonymous', 'x', 'twin/jinhe/alarm/fake', false],
    ['anonymous', 'x', 'twin/jinhe/cap', false],
    ['anonymous', 'x', 'twin/jinhe/notify/sms', false],
    ['anonymous', 'x', 'drill/d1/jinhe/dev/gas-a1-301/telemetry', false],
    ['device', 'gas-a1-301', 'twin/jinhe/dev/gas-a1-301/telemetry', true],
    ['device', 'gas-a1-301', 'twin/jinhe/dev/smk-a3-101/telemetry', false],
    ['gateway', 'gw', 'twin/jinhe/dev/smk-a3-101/status', true],
    ['gateway', 'gw', 'twin/jinhe/alarm/x', false],
    ['viewer', 'v', 'twin/jinhe/dev/gas-a1-301/telemetry', false],
    ['operator', 'o', 'twin/jinhe/dev/gas-a1-301/telemetry', true],
    ['operator', 'o', 'drill/d1/jinhe/dev/gas-a1-301/telemetry', false],
    ['operator', 'o', 'twin/jinhe/alarm/x', false],
    ['trainer', 't', 'drill/d1/jinhe/dev/gas-a1-301/telemetry', true],
    ['trainer', 't', 'drill/d1/jinhe/cap', false],
    ['twin', 'street-twin-jinhe', 'twin/jinhe/alarm/x', true],
  ] as [ClientRole, string, string, boolean][])('%s "%s" publishing %s: %s', (role, id, topic, allowed) => {
    expect(mayPublish(role, id, topic, scope)).toBe(allowed);
  });

  it.each([
    ['anonymous', 'x', 'twin/jinhe/alarm/#', true],
    ['anonymous', 'x', 'twin/jinhe/alarm/+', true],
    ['anonymous', 'x', 'twin/jinhe/cap', true],
    ['anonymous', 'x', '#', false],
    ['anonymous', 'x', 'twin/#', false],
    ['anonymous', 'x', 'twin/+/alarm/#', false],
    ['anonymous', 'x', 'twin/jinhe/notify/#', false],
    ['anonymous', 'x', 'twin/jinhe/dev/+/cmd', false],
    ['device', 'gas-a1-301', 'twin/jinhe/dev/gas-a1-301/cmd', true],
    ['device', 'gas-a1-301', 'twin/jinhe/dev/+/cmd', false],
    ['device', 'gas-a1-301', 'twin/jinhe/dev/smk-a3-101/cmd', false],
    ['gateway', 'gw', 'twin/jinhe/notify/#', true],
    ['gateway', 'gw', 'twin/jinhe/dev/+/cmd', true],
    ['gateway', 'gw', 'twin/jinhe/dev/#', false],
    ['viewer', 'v', 'twin/jinhe/alarm/#', true],
    ['viewer', 'v', 'twin/jinhe/notify/#', false],
    ['operator', 'o', 'twin/jinhe/#', true],
    ['operator', 'o', 'drill/#', true],
    ['operator', 'o', '#', false],
  ] as [ClientRole, string, string, boolean][])('%s "%s" subscribing %s: %s', (role, id, filter, allowed) => {
    expect(maySubscribe(role, id, filter, scope)).toBe(allowed);
  });
});
