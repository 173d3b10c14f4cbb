import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decodePayload, MAX_PAYLOAD_BYTES } from './codec';

const reading = { ts: 1763870400000, seq: 42, readings: { gas_lel: 31.5 } };

describe('decodePayload', () => {
  it('decodes JSON, with leading white space', () => {
    expect(decodePayload(Buffer.from(`  \n${JSON.stringify(reading)}`))).toEqual({ ok: true, value: reading, format: 'json' });
  });

  it('decodes the same object as MessagePack', () => {
    expect(decodePayload(pack(reading))).toEqual({ ok: true, value: reading, format: 'msgpack' });
  });

  it.each([
    ['empty', Buffer.alloc(0), 'not_parseable'],
    ['plain text', Buffer.from('hello'), 'not_parseable'],
    ['broken JSON', Buffer.from('{"ts": 1,'), 'not_parseable'],
    ['invalid UTF-8 in JSON', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'not_parseable'],
    ['a JSON array', Buffer.from('[1,2]'), 'not_parseable'],
    ['truncated MessagePack', pack(reading).subarray(0, 10), 'not_parseable'],
    ['two MessagePack maps', Buffer.concat([pack({ a: 1 }), pack({ b: 2 })]), 'not_parseable'],
    ['over the size limit', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), 'oversized'],
  ])('rejects %s', (_name, payload, reason) => {
    expect(decodePayload(payload)).toMatchObject({ ok: false, reason });
  });
});
