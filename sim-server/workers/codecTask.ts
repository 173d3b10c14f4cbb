// A device model's payload codec, run as ChirpStack runs one: its source defines decodeUplink({bytes, fPort,
// recvTime}) and encodeDownlink({data}). It is code from outside (a vendor's, an integrator's), so it runs
// here — in a worker of the codec pool (sim-server/sources/codecRunner.ts), whose memory is bounded and which
// is replaced when it dies — inside a V8 context holding nothing of ours: no require, process, timers, network
// or code generation from strings. Input goes in and output comes out as JSON text, so no object of either
// side is shared. A codec that throws or answers garbage is refused with a reason here; one that loops or eats
// memory is stopped by the pool (the worker ends at the call's time limit or its memory bound) and the runner
// suspends it. V8's own per-call timeout is not used: it starts a watchdog each call, measured here (2 cores, busy)
// at 350–1,100 µs a call, with calls that do nothing timed out after 250 ms, against 7 µs a call without it.
import { createHash } from 'node:crypto';
import { createContext, Script, type Context } from 'node:vm';

/** What one batch of calls may take (the pool's time limit): a codec decodes a few bytes in microseconds; the
 * bound is wall-clock time, so it leaves room for a machine busy with other work. Loading one is bounded by V8
 * itself, within it. */
export const CODEC_CALL_MS = 1000;
/** Calls of one model sent to the worker together: while a batch is out, the next uplinks gather (each message to
 * and from a worker costs the alarm path's loop tens of microseconds; a batch costs it once). */
export const CODEC_BATCH = 8;
export const CODEC_LOAD_MS = 500;
const MAX_OUTPUT_CHARS = 16 * 1024;
const MAX_CONTEXTS = 64;

export type CodecCall = { fn: 'decodeUplink'; input: { bytes: number[]; fPort: number; recvTime: string } } | { fn: 'encodeDownlink'; input: { data: Record<string, unknown> } };
/** `model`: its codec's source came with the worker (workerData.codecs): calls carry only their input. */
export interface CodecTask { kind: 'codec'; model: string; calls: CodecCall[] }
export type CodecRefusal = 'codec_error' | 'codec_timeout' | 'codec_output';
export type CallResult = { ok: true; output: Record<string, unknown> } | { ok: false; reason: CodecRefusal; detail: string };
/** Each call's result, in order. */
export interface CodecResult { kind: 'codec'; results: CallResult[] }

/** Compiled codecs by their source's hash: a model's codec is compiled once per worker (a codec changed on disk
 * between restarts is a new one). */
const contexts = new Map<string, Context>();
const CALL = { decodeUplink: new Script('JSON.stringify(decodeUplink(JSON.parse(__input)))'), encodeDownlink: new Script('JSON.stringify(encodeDownlink(JSON.parse(__input)))') };

const refuse = (reason: CodecRefusal, detail: string): CallResult => ({ ok: false, reason, detail: detail.split('\n')[0]!.slice(0, 200) });
const timedOut = (e: unknown) => (e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';

function contextOf(source: string): { context: Context } | CallResult {
  const key = createHash('sha256').update(source).digest('hex');
  let context = contexts.get(key);
  if (context) return { context };
  context = createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
  try { new Script(source, { filename: 'codec.js' }).runInContext(context, { timeout: CODEC_LOAD_MS }); }
  catch (e) { return timedOut(e) ? refuse('codec_timeout', `loading the codec took longer than ${CODEC_LOAD_MS} ms`) : refuse('codec_error', `the codec does not load: ${(e as Error).message}`); }
  if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  contexts.set(key, context);
  return { context };
}

export function runCodec(task: CodecTask, sources: ReadonlyMap<string, string>): CodecResult {
  const source = sources.get(task.model);
  const loaded = source === undefined ? refuse('codec_error', `no codec for model "${task.model.slice(0, 64)}" in this worker`) : contextOf(source);
  return { kind: 'codec', results: task.calls.map((call) => ('context' in loaded ? runCall(loaded.context, call) : loaded)) };
}

function runCall(ctx: Context, call: CodecCall): CallResult {
  ctx.__input = JSON.stringify(call.input);
  let text: unknown;
  try { text = CALL[call.fn].runInContext(ctx); }
  catch (e) { return refuse('codec_error', `${call.fn} threw: ${String((e as Error)?.message ?? e)}`); }
  if (typeof text !== 'string' || text.length > MAX_OUTPUT_CHARS) return refuse('codec_output', `${call.fn} answered ${typeof text === 'string' ? `${text.length} characters` : 'nothing'}: expected an object`);
  const output = JSON.parse(text) as unknown;
  if (!output || typeof output !== 'object' || Array.isArray(output)) return refuse('codec_output', `${call.fn} answered ${text.slice(0, 60)}: expected an object`);
  return { ok: true, output: output as Record<string, unknown> };
}
