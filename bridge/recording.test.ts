import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { payloadOf, readRecording, recordLine, retarget } from './recording';
import { LIVE } from './topics';

describe('recordings', () => {
  it('keeps JSON as text and MessagePack byte for byte', () => {
    const mp = pack({ readings: { gas_lel: 40 } });
    const text = recordLine(5, 'twin/jinhe/dev/g/telemetry', Buffer.from('{"a":1}'), false) + recordLine(9, 'twin/jinhe/dev/g/telemetry', mp, true);
    const [a, b] = readRecording(text);
    expect(a).toMatchObject({ t: 5, encoding: 'utf8', payload: '{"a":1}', retain: false });
    expect(b).toMatchObject({ t: 9, encoding: 'base64', retain: true });
    expect(payloadOf(b!).equals(mp)).toBe(true);
  });

  it.each([
    ['twin/jinhe/dev/gas1/telemetry', { kind: 'drill', drillId: 'd9' }, undefined, 'drill/d9/jinhe/dev/gas1/telemetry'],
    ['twin/jinhe/dev/gas1/status', LIVE, 'street', 'twin/street/dev/gas1/status'],
    ['twin/jinhe/alarm/x', LIVE, undefined, null],
  ] as const)('retargets %s', (topic, root, district, expected) => {
    expect(retarget(topic, root, district)).toBe(expected);
  });

  it('names the line that is not JSON', () => {
    expect(() => readRecording('{"t":1}\nnope\n')).toThrow('line 2 of the recording is not JSON');
  });
});
