// The codec pool's worker: only codecs (codecTask.ts), so it starts in milliseconds and holds nothing else.
import { parentPort } from 'node:worker_threads';
import { runCodec, type CodecTask } from './codecTask';

parentPort?.on('message', ({ id, task }: { id: number; task: CodecTask }) => {
  try { parentPort!.postMessage({ id, ok: true, result: runCodec(task) }); }
  catch (e) { parentPort!.postMessage({ id, ok: false, error: (e as Error).message.split('\n')[0] }); }
});
