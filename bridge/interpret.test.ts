import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { interpretDeviceMessage, type DeviceRegistry } from './interpret';

const registry: DeviceRegistry = { districtId: 'jinhe', typeOf: (id) => (id === 'gas1' ? 'gas' : undefined) };
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('interpretDeviceMessage', () => {
  it('telemetry in JSON and MessagePack means the same', () => {
    const body = { ts: 1000, seq: 1, readings: { gas_lel: 40 } };
    const a = interpretDeviceMessage(registry, 'twin/jinhe/dev/gas1/telemetry', json(body), 1000);
    const b = interpretDeviceMessage(registry, 'twin/jinhe/dev/gas1/telemetry', pack(body), 1000);
    expect(a).toMatchObject({ ok: true, kind: 'telemetry', deviceId: 'gas1', format: 'json', reading: { readings: { gas_lel: 40 } } });
    expect(b).toMatchObject({ ok: true, kind: 'telemetry', format: 'msgpack', reading: (a as { reading: unknown }).reading });
  });

  it.each([
    ['a topic that is not a device topic', 'twin/jinhe/whatever', json({}), 'bad_topic'],
    ['another district', 'twin/other/dev/gas1/telemetry', json({ readings: { gas_lel: 1 } }), 'unknown_district'],
    ['an unknown device', 'twin/jinhe/dev/ghost/telemetry', json({ readings: { gas_lel: 1 } }), 'unknown_device'],
    ['a bad status', 'twin/jinhe/dev/gas1/status', json({ online: 1 }), 'wrong_type'],
  ])('rejects %s', (_name, topic, payload, reason) => {
    expect(interpretDeviceMessage(registry, topic, payload, 0)).toMatchObject({ ok: false, reason });
  });

  it('reads a status and ignores an emptied retained status', () => {
    expect(interpretDeviceMessage(registry, 'twin/jinhe/dev/gas1/status', json({ online: false }), 0)).toMatchObject({ ok: true, kind: 'status', status: { online: false } });
    expect(interpretDeviceMessage(registry, 'twin/jinhe/dev/gas1/status', Buffer.alloc(0), 0)).toEqual({ ok: true, kind: 'ignored' });
  });
});
