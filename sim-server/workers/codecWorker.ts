// The codec pool's worker: only codecs (codecTask.ts), so it starts in milliseconds and holds nothing else.
import { parentPort, workerData } from 'node:worker_threads';
import { runCodec, type CodecTask } from './codecTask';

/** The codecs this pool runs, model → source, given at the worker's start: a call then carries only its input. */
const sources = new Map(Object.entries((workerData as { codecs?: Record<string, string> }).codecs ?? {}));

parentPort?.on('message', ({ id, task }: { id: number; task: CodecTask }) => {
  try { parentPort!.postMessage({ id, ok: true, result: runCodec(task, sources) }); }
  catch (e) { parentPort!.postMessage({ id, ok: false, error: (e as Error).message.split('\n')[0] }); }
});
