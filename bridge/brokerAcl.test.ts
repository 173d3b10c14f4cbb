import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe, mqttGrantsOf, type ClientRole } from './brokerAcl';
import type { StaffRole } from '../twin-assets/permissions';

const scope = { districtId: 'jinhe', isDevice: (id: string) => ['gas-a1-301', 'smk-a3-101'].includes(id) };

describe('topic ACL', () => {
  it.each([
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/telemetry', true],
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/status', true],
    // A command's answer only from the device itself (its client id) or a gateway: nobody else can mark it done.
    ['anonymous', 'x', 'twin/jinhe/dev/gas-a1-301/ack', false],
    ['anonymous', 'gas-a1-301', 'twin/jinhe/dev/gas-a1-301/ack', true],
    ['gateway', 'gw', 'twin/jinhe/dev/gas-a1-301/ack', true],
    ['device', 'smk-a3-101', 'twin/jinhe/dev/gas-a1-301/ack', false],
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
    ['twin', 'street-twin-jinhe', 'twin/jinhe/alarm/x', true],
  ] as [ClientRole, string, string, boolean][])('%s "%s" publishing %s: %s', (role, id, topic, allowed) => {
    expect(mayPublish(role, id, topic, scope)).toBe(allowed);
  });

  // Staff logins (a machine credential or a person's token): what the permission table grants their roles.
  it.each([
    ['operator', 'twin/jinhe/dev/gas-a1-301/telemetry', true],
    ['operator', 'twin/jinhe/dev/gas-a1-301/ack', false],
    ['operator', 'drill/d1/jinhe/dev/gas-a1-301/telemetry', false],
    ['operator', 'twin/jinhe/alarm/x', false],
    ['trainer', 'drill/d1/jinhe/dev/gas-a1-301/telemetry', true],
    ['trainer', 'drill/d1/jinhe/cap', false],
    // The trainer's login reaches drill/… only: no live reading, no real alarm from it.
    ['trainer', 'twin/jinhe/dev/gas-a1-301/telemetry', false],
    ['viewer', 'twin/jinhe/dev/gas-a1-301/telemetry', false],
  ] as [StaffRole, string, boolean][])('staff %s publishing %s: %s', (role, topic, allowed) => {
    expect(mayPublish('staff', 'x', topic, scope, mqttGrantsOf([role]))).toBe(allowed);
  });

  it.each([
    ['operator', 'twin/jinhe/#', true],
    ['operator', 'twin/jinhe/notify/#', true],
    ['operator', 'drill/#', false],
    ['operator', '#', false],
    ['trainer', 'drill/#', true],
    ['trainer', 'twin/jinhe/notify/#', false],
    ['trainer', 'twin/jinhe/#', false],
    ['trainer', 'twin/jinhe/alarm/#', true],
    ['viewer', 'twin/jinhe/alarm/#', true],
    ['viewer', 'twin/jinhe/dev/+/telemetry', false],
    ['community', 'twin/jinhe/alarm/#', false],
  ] as [StaffRole, string, boolean][])('staff %s subscribing %s: %s', (role, filter, allowed) => {
    expect(maySubscribe('staff', 'x', filter, scope, mqttGrantsOf([role]))).toBe(allowed);
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
  ] as [ClientRole, string, string, boolean][])('%s "%s" subscribing %s: %s', (role, id, filter, allowed) => {
    expect(maySubscribe(role, id, filter, scope)).toBe(allowed);
  });
});
