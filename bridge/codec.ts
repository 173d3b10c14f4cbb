// A device payload is JSON or MessagePack, told apart by its first byte: JSON objects open with `{`
// (after optional white space), MessagePack maps with a fixmap (0x80–0x8f) or map16/map32 (0xde, 0xdf).
import { Unpackr } from 'msgpackr';
import { reject, type Rejection } from './rejections';

export const MAX_PAYLOAD_BYTES = 64 * 1024;

export type Decoded = { ok: true; value: unknown; format: 'json' | 'msgpack' } | Rejection;

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });
const utf8 = new TextDecoder('utf-8', { fatal: true });

function firstSignificantByte(buf: Uint8Array): number | undefined {
  for (const byte of buf) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  return undefined;
}

export function decodePayload(buf: Uint8Array, maxBytes = MAX_PAYLOAD_BYTES): Decoded {
  if (buf.byteLength > maxBytes) return reject('oversized', `payload of ${buf.byteLength} bytes is over the ${maxBytes}-byte limit`);
  if (buf.byteLength === 0) return reject('not_parseable', 'empty payload');
  const lead = firstSignificantByte(buf);
  if (lead === 0x7b) {
    try {
      return { ok: true, value: JSON.parse(utf8.decode(buf)), format: 'json' };
    } catch (e) {
      return reject('not_parseable', `invalid JSON: ${(e as Error).message}`);
    }
  }
  const first = buf[0]!;
  if ((first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf) {
    try {
      const values = unpackr.unpackMultiple(buf) as unknown[] | undefined;
      if (!values || values.length !== 1) return reject('not_parseable', 'MessagePack payload must hold exactly one map');
      return { ok: true, value: values[0], format: 'msgpack' };
    } catch (e) {
      return reject('not_parseable', `invalid MessagePack: ${(e as Error).message}`);
    }
  }
  return reject('not_parseable', 'payload is neither a JSON object nor a MessagePack map');
}
