import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../test/helpers/fixtures';
import { CAP_XSD, validateCap } from '../test/helpers/capSchema';
import type { AlarmJson } from '../twin-assets/protocol';
import { capTime } from './cap';
import { CapComposer } from './capFromAlarm';

const T0 = Date.UTC(2026, 10, 23, 4, 33, 0);
const alarm = (over: Partial<AlarmJson> = {}): AlarmJson => ({
  id: 'gas-a1-301.gas.lel.1', deviceId: 'gas-a1-301', deviceType: 'gas', kind: 'gas_leak', level: 'II',
  state: 'active_unacked', raisedAt: T0, ackedAt: null, ackedBy: null,
  location: { courtyardId: 'cy-a', buildingId: 'b-a1', floor: 3, x: -150, y: 84, z: 8.5 },
  reading: { gas_lel: 31.5 }, notified: ['household', 'building', 'grid'], exercise: false, ...over,
});

describe('CAP 1.2', () => {
  it.each([
    [480, '2026-11-23T12:33:00+08:00'],
    [0, '2026-11-23T04:33:00+00:00'],
    [-300, '2026-11-22T23:33:00-05:00'],
  ])('formats times with an explicit offset (%i min)', (offset, expected) => {
    expect(capTime(T0 + 999, offset)).toBe(expected);
  });

  it('an Alert, its Update and its Cancel all validate against the OASIS schema and reference each other', () => {
    const composer = new CapComposer(bundledIndex(), false);
    const alert = composer.compose(alarm(), 'Alert', T0);
    const update = composer.compose(alarm({ state: 'active_acked', level: 'I' }), 'Update', T0 + 60_000);
    const cancel = composer.compose(alarm({ state: 'closed' }), 'Cancel', T0 + 120_000);
    for (const { xml } of [alert, update, cancel]) expect(validateCap(xml)).toEqual({ valid: true, output: '- validates' });
    expect(alert.alert.status).toBe('Actual');
    expect(alert.xml).toContain('<msgType>Alert</msgType>');
    expect(alert.xml).not.toContain('<references>');
    expect(update.alert.references?.map((r) => r.identifier)).toEqual([alert.alert.identifier]);
    expect(cancel.alert.references?.map((r) => r.identifier)).toEqual([alert.alert.identifier, update.alert.identifier]);
    expect(cancel.xml).toContain('<responseType>AllClear</responseType>');
    expect(alert.xml).toContain('<language>zh-CN</language>');
    expect(alert.xml).toContain('<language>en-US</language>');
    expect(alert.xml).toContain('<severity>Severe</severity>');
  });

  it('places the area at the device, converted to WGS84', () => {
    const { xml } = new CapComposer(bundledIndex(), false).compose(alarm(), 'Alert', T0);
    const circle = /<circle>([-\d.]+),([-\d.]+) ([\d.]+)<\/circle>/.exec(xml);
    expect(circle).not.toBeNull();
    const [lat, lon] = [Number(circle![1]), Number(circle![2])];
    // 84 m north and 150 m west of the origin (30.65984, 104.06332)
    expect(lat).toBeCloseTo(30.65984 + 84 / 111_195, 5);
    expect(lon).toBeCloseTo(104.06332 - 150 / (111_195 * Math.cos(30.65984 * Math.PI / 180)), 5);
  });

  it('drill messages carry status Exercise', () => {
    const { xml } = new CapComposer(bundledIndex(), true).compose(alarm({ exercise: true }), 'Alert', T0);
    expect(xml).toContain('<status>Exercise</status>');
    expect(validateCap(xml).valid).toBe(true);
  });

  it('escapes markup and strips control characters so odd data cannot break the XML', () => {
    const { xml } = new CapComposer(bundledIndex(), false).compose(alarm({ deviceId: 'x<&>"\u0001' }), 'Alert', T0);
    expect(validateCap(xml).valid).toBe(true);
  });

  it('the schema check itself rejects an invalid message', () => {
    const { xml } = new CapComposer(bundledIndex(), false).compose(alarm(), 'Alert', T0);
    expect(validateCap(xml.replace('<status>Actual</status>', '<status>Real</status>')).valid).toBe(false);
    expect(validateCap(xml.replace(/\+08:00/g, 'Z')).valid).toBe(false);
  });

  it('the bundled schema is the one in shared/standards', () => {
    const shared = fileURLToPath(new URL('../../shared/standards/cap-v1.2.xsd', import.meta.url));
    if (!existsSync(shared)) return; // a checkout without shared/ beside it: nothing to compare
    expect(readFileSync(CAP_XSD, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });
});
