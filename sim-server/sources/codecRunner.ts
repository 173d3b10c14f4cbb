// Device models' payload codecs (bridge/codecs/<model>.js, ChirpStack's shape) turned into readings and back
// into downlink bytes, off the alarm path: in a worker pool of their own (workers/codecWorker.ts) with its own
// memory bound and a queue limit (a full queue refuses: flow control), calls of one model gathered into batches
// while the worker is busy, each batch bounded in time by the pool (a
// codec that runs over or blows its memory ends its worker, and a fresh one starts). Such a codec is suspended for a
// while, its messages refused at once, so one bad model cannot keep every other model waiting on restarts.
// What a codec answers is checked here before anyone uses it: its errors become a refusal with the codec's own
// words, its data must be quantities (numbers or booleans), its bytes bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODEC_BATCH, CODEC_CALL_MS, type CallResult, type CodecCall, type CodecRefusal } from '../workers/codecTask';
import { PoolRefusal, UntrustedPool } from '../workers/pool';

export const CODECS_DIR = fileURLToPath(new URL('../../bridge/codecs/', import.meta.url));
const CODEC_WORKER = new URL('../workers/codecWorker.ts', import.meta.url).href;

/** Why a codec's answer was not taken: the codec's (codecTask.ts), or the runner's. */
export type CodecFailure = CodecRefusal | 'codec_unknown' | 'codec_busy' | 'codec_crashed';
export type Refused = { ok: false; reason: CodecFailure; detail: string };
export type Decoded = { ok: true; data: Record<string, number | boolean>; warnings: string[] } | Refused;
export type Encoded = { ok: true; bytes: Uint8Array; fPort: number } | Refused;

/** Every `<model>.js` in `dir`: model → source. */
export function loadCodecs(dir = CODECS_DIR): Map<string, string> {
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => [f.slice(0, -3), readFileSync(`${dir}/${f}`, 'utf8')]));
}

/** How long a codec that ran over or crashed its worker stays suspended. */
export const CODEC_SUSPEND_MS = 60_000;

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).slice(0, 200)) : []);

interface Waiting { call: CodecCall; done: (r: CallResult | Refused) => void }

export class CodecRunner {
  private readonly pool: UntrustedPool;
  /** Models whose codec ran over or crashed: until when, and why. */
  private readonly suspended = new Map<string, { until: number; refusal: Refused }>();
  /** Calls gathering for their model's next batch, while the workers are busy with others. */
  private readonly waiting = new Map<string, Waiting[]>();
  private waitingCount = 0;
  private out = 0;
  private readonly workers: number;
  private readonly queueLimit: number;

  constructor(private readonly codecs: ReadonlyMap<string, string>, opts: { workers?: number; queueLimit?: number; memoryMb?: number } = {}) {
    this.workers = opts.workers ?? 1;
    this.queueLimit = opts.queueLimit ?? 2000;
    this.pool = new UntrustedPool({ size: this.workers, queueLimit: this.workers, timeoutMs: CODEC_CALL_MS, memoryMb: opts.memoryMb ?? 64, entry: CODEC_WORKER, data: { codecs: Object.fromEntries(codecs) } });
  }

  has(model: string): boolean { return this.codecs.has(model); }

  /** One call of a model's codec: sent at once when a worker is free, else gathered into the model's next batch
   * (flow control: past `queueLimit` calls waiting, refused as busy). */
  private call(model: string, call: CodecCall): Promise<CallResult | Refused> {
    if (!this.codecs.has(model)) return Promise.resolve({ ok: false, reason: 'codec_unknown', detail: `no codec for model "${model.slice(0, 64)}"` });
    const held = this.suspended.get(model);
    if (held && Date.now() < held.until) return Promise.resolve(held.refusal);
    if (this.waitingCount >= this.queueLimit) return Promise.resolve({ ok: false, reason: 'codec_busy', detail: `${this.waitingCount} codec calls are already waiting: try again in a moment` });
    return new Promise((done) => {
      const list = this.waiting.get(model) ?? [];
      list.push({ call, done });
      this.waiting.set(model, list);
      this.waitingCount++;
      this.send();
    });
  }

  /** While a worker is free and calls wait: the first waiting model's next batch goes out. */
  private send(): void {
    while (this.out < this.workers && this.waiting.size) {
      const [model, list] = this.waiting.entries().next().value!;
      const batch = list.splice(0, CODEC_BATCH);
      if (!list.length) this.waiting.delete(model);
      else { this.waiting.delete(model); this.waiting.set(model, list); } // the next model's turn first
      this.waitingCount -= batch.length;
      // Suspended while these waited (an earlier batch of it ran over): refused without another try.
      const held = this.suspended.get(model);
      if (held && Date.now() < held.until) { for (const w of batch) w.done(held.refusal); continue; }
      this.out++;
      void this.run(model, batch).finally(() => { this.out--; this.send(); });
    }
  }

  private async run(model: string, batch: Waiting[]): Promise<void> {
    try {
      const r = await this.pool.run({ kind: 'codec', model, calls: batch.map((w) => w.call) });
      batch.forEach((w, i) => w.done(r.results[i] ?? { ok: false, reason: 'codec_output', detail: 'no result' }));
    } catch (e) {
      let refusal: Refused;
      if (!(e instanceof PoolRefusal)) refusal = { ok: false, reason: 'codec_error', detail: (e as Error).message };
      else if (e.code === 'busy') refusal = { ok: false, reason: 'codec_busy', detail: e.message };
      else {
        const what = e.code === 'timeout' ? `ran over ${CODEC_CALL_MS} ms` : 'ended its worker (memory)';
        refusal = { ok: false, reason: e.code === 'timeout' ? 'codec_timeout' : 'codec_crashed', detail: `${model}'s codec ${what}; suspended for ${CODEC_SUSPEND_MS / 1000} s` };
        this.suspended.set(model, { until: Date.now() + CODEC_SUSPEND_MS, refusal });
      }
      for (const w of batch) w.done(refusal);
    }
  }

  /** An uplink's bytes → the model's quantities. */
  async decode(model: string, bytes: Uint8Array, fPort: number, recvTime: Date): Promise<Decoded> {
    const r = await this.call(model, { fn: 'decodeUplink', input: { bytes: [...bytes], fPort, recvTime: recvTime.toISOString() } });
    if (!r.ok) return r;
    const errors = texts(r.output.errors);
    if (errors.length) return { ok: false, reason: 'codec_error', detail: errors.join('; ') };
    const data = r.output.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'codec_output', detail: 'decodeUplink answered no data object' };
    const bad = Object.entries(data).find(([, v]) => typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v)));
    if (bad) return { ok: false, reason: 'codec_output', detail: `decodeUplink answered ${bad[0].slice(0, 40)} = ${JSON.stringify(bad[1])?.slice(0, 40)}: a quantity is a number or true/false` };
    return { ok: true, data: data as Record<string, number | boolean>, warnings: texts(r.output.warnings) };
  }

  /** A command's data → the downlink's bytes and port. */
  async encode(model: string, data: Record<string, unknown>): Promise<Encoded> {
    const r = await this.call(model, { fn: 'encodeDownlink', input: { data } });
    if (!r.ok) return r;
    const errors = texts(r.output.errors);
    if (errors.length) return { ok: false, reason: 'codec_error', detail: errors.join('; ') };
    const { bytes, fPort } = r.output;
    if (!Array.isArray(bytes) || bytes.length > 242 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return { ok: false, reason: 'codec_output', detail: 'encodeDownlink answered no bytes (up to 242 of 0–255)' };
    if (!Number.isInteger(fPort) || (fPort as number) < 1 || (fPort as number) > 223) return { ok: false, reason: 'codec_output', detail: `encodeDownlink answered fPort ${JSON.stringify(fPort)?.slice(0, 20)}: LoRaWAN application ports are 1–223` };
    return { ok: true, bytes: Uint8Array.from(bytes as number[]), fPort: fPort as number };
  }

  close(): Promise<void> { return this.pool.close(); }
}
