// A worker thread's entry: Node 20 does not pass tsx's loader to workers, so the worker registers it
// itself and then loads its TypeScript entry.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
