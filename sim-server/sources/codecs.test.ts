// Every shipped codec against its test vectors, through the sandbox the twin runs codecs in (a worker of the
// codec pool, a context with nothing of ours in it); the quantities each decodes are its device type's, in
// range. Then codecs as an attacker or a careless vendor would write them: each refused with a reason, and
// the runner goes on decoding for everyone else.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateReading } from '../../bridge/reading';
import { QUANTITIES, type DeviceType } from '../../twin-assets/deviceCatalog';
import { CODEC_CALL_MS, CODEC_LOAD_MS } from '../workers/codecTask';
import { CODECS_DIR, CodecRunner, loadCodecs } from './codecRunner';

interface Vectors {
  model: string; deviceType: DeviceType;
  uplinks: { fPort: number; bytes: string; data?: Record<string, number | boolean>; errors?: true }[];
  downlinks: { data: Record<string, unknown>; fPort?: number; bytes?: string; errors?: true }[];
}
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const codecs = loadCodecs();
const runner = new CodecRunner(codecs);
afterAll(() => runner.close());

describe('the shipped codecs', () => {
  it('cover every device type the seeds report over a network server or platform', () => {
    const types = [...codecs.keys()].map((m) => (JSON.parse(readFileSync(`${CODECS_DIR}/${m}.vectors.json`, 'utf8')) as Vectors).deviceType);
    expect(types.sort()).toEqual(['bracelet', 'elevator', 'gas', 'manhole', 'smoke', 'water_level']);
  });

  it.each([...codecs.keys()])('%s decodes and encodes its test vectors', async (model) => {
    const v = JSON.parse(readFileSync(`${CODECS_DIR}/${model}.vectors.json`, 'utf8')) as Vectors;
    expect(v.model).toBe(model);
    for (const up of v.uplinks) {
      const r = await runner.decode(model, hex(up.bytes), up.fPort, new Date(0));
      if (up.errors) { expect(r, `${up.bytes} on ${up.fPort}`).toMatchObject({ ok: false, reason: 'codec_error' }); continue; }
      expect(r, up.bytes).toEqual({ ok: true, data: up.data, warnings: [] });
      if (r.ok) expect(validateReading(v.deviceType, { readings: r.data }, 0), `${model} ${up.bytes}`).toMatchObject({ ok: true, reading: { readings: r.data } });
      expect(Object.keys(up.data!).every((q) => q in QUANTITIES[v.deviceType])).toBe(true);
    }
    for (const down of v.downlinks) {
      const r = await runner.encode(model, down.data);
      if (down.errors) { expect(r).toMatchObject({ ok: false, reason: 'codec_error' }); continue; }
      expect(r).toEqual({ ok: true, bytes: hex(down.bytes!), fPort: down.fPort });
    }
  });
});

describe('calls in batches', () => {
  it('calls made while the worker is busy go together, each answered with its own result', async () => {
    const calls = Array.from({ length: 300 }, (_, i) => i % 3 === 2
      ? runner.decode('twin-smoke-v1', Uint8Array.from([1, i % 2, 0, i % 100, 0, 250]), 11, new Date(0)).then((r) => [r, { alarm: i % 2 === 1, smoke_obscuration_pct_m: (i % 100) / 100, temperature_c: 25 }])
      : runner.decode('twin-gas-v1', Uint8Array.from([1, 0, i % 256]), 10, new Date(0)).then((r) => [r, { gas_lel: (i % 256) / 10 }]));
    for (const [r, data] of await Promise.all(calls)) expect(r).toEqual({ ok: true, data, warnings: [] });
  });
});

describe('a codec that misbehaves', () => {
  const hostile = new Map([
    ['throws', 'function decodeUplink() { throw new Error("bad frame"); }'],
    ['loops', 'function decodeUplink() { for (;;) {} }'],
    ['loops-in-a-batch', 'function decodeUplink() { for (;;) {} }'],
    ['loops-at-load', 'for (;;) {}'],
    ['requires', 'function decodeUplink() { var fs = require("fs"); return { data: { gas_lel: fs ? 1 : 0 } }; }'],
    ['reaches-process', 'function decodeUplink() { process.exit(1); }'],
    ['evals', 'function decodeUplink() { return { data: { gas_lel: eval("1 + 1") } }; }'],
    ['answers-text', 'function decodeUplink() { return "40"; }'],
    ['answers-strings', 'function decodeUplink() { return { data: { gas_lel: "40" } }; }'],
    ['eats-memory', 'function decodeUplink() { var a = []; for (;;) a.push(new Array(1e6).fill(1)); }'],
    ['promises', 'function decodeUplink() { Promise.resolve().then(function () { for (;;) {} }); return { data: { gas_lel: 1 } }; }'],
  ]);
  const bad = new CodecRunner(new Map([...hostile, ...codecs]), { memoryMb: 32 });
  afterAll(() => bad.close());

  it.each([
    ['throws', 'codec_error', /decodeUplink threw: bad frame/],
    ['loops', 'codec_timeout', new RegExp(`loops's codec ran over ${CODEC_CALL_MS} ms; suspended for 60 s`)],
    ['loops-at-load', 'codec_timeout', new RegExp(`loading the codec took longer than ${CODEC_LOAD_MS} ms`)],
    ['requires', 'codec_error', /require is not defined/],
    ['reaches-process', 'codec_error', /process is not defined/],
    ['evals', 'codec_error', /Code generation from strings disallowed/],
    ['answers-text', 'codec_output', /expected an object/],
    ['answers-strings', 'codec_output', /gas_lel = "40": a quantity is a number or true\/false/],
    ['promises', 'codec_timeout', new RegExp(`promises's codec ran over ${CODEC_CALL_MS} ms`)],
    ['eats-memory', /codec_(timeout|crashed)/, /./],
  ] as const)('%s: refused (%s), and the next uplink is decoded', async (model, reason, detail) => {
    const r = await bad.decode(model, hex('010190'), 10, new Date(0));
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.reason).toMatch(reason); expect(r.detail).toMatch(detail); }
    expect(await bad.decode('twin-gas-v1', hex('010190'), 10, new Date(0))).toEqual({ ok: true, data: { gas_lel: 40 }, warnings: [] });
  }, 30_000);

  it('a codec that ran over stays suspended: its next message is refused at once, without a worker', async () => {
    const t0 = performance.now();
    expect(await bad.decode('loops', hex('010190'), 10, new Date(0))).toMatchObject({ ok: false, reason: 'codec_timeout', detail: expect.stringContaining('suspended for 60 s') });
    expect(performance.now() - t0).toBeLessThan(CODEC_CALL_MS);
  });

  it('a codec looping in a batch refuses the calls gathered with it, and no other model\'s', async () => {
    const looping = Array.from({ length: 6 }, () => bad.decode('loops-in-a-batch', hex('010190'), 10, new Date(0)));
    const good = Array.from({ length: 6 }, () => bad.decode('twin-gas-v1', hex('010190'), 10, new Date(0)));
    for (const r of await Promise.all(looping)) expect(r).toMatchObject({ ok: false, reason: 'codec_timeout' });
    for (const r of await Promise.all(good)) expect(r).toEqual({ ok: true, data: { gas_lel: 40 }, warnings: [] });
  }, 30_000);

  it('an unknown model is refused by name', async () => {
    expect(await bad.decode('acme-9000', hex('00'), 1, new Date(0))).toEqual({ ok: false, reason: 'codec_unknown', detail: 'no codec for model "acme-9000"' });
  });
});
