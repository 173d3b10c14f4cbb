// A worker thread's entry: Node 20 does not pass tsx's loader to workers, so the worker registers it
// itself and then loads its TypeScript entry.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
// Loaded: from now on a task's time limit measures the task, not the compiling of the worker's code.
parentPort?.postMessage({ ready: true });
