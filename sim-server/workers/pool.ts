// A small pool of worker threads for untrusted or heavy work, with a queue limit, a time limit and a
// memory limit per worker: a task that runs too long or too big ends its worker (a new one starts),
// never the server.
import { Worker } from 'node:worker_threads';
import type { ResultOf, UntrustedResult, UntrustedTask } from './untrustedTasks';

export class PoolRefusal extends Error {
  /** `busy`: the queue is full (503); `timeout` and `crashed`: the task was too heavy (422). */
  constructor(readonly code: 'busy' | 'timeout' | 'crashed', message: string) { super(message); }
}

/** `entry`: the worker's module (a URL; the untrusted tasks unless given). */
/** `data`: given to each worker at its start (workerData.data… beside its entry). */
export interface PoolOptions { size?: number; queueLimit?: number; timeoutMs?: number; memoryMb?: number; entry?: string; data?: Record<string, unknown> }

interface Job { id: number; task: UntrustedTask; resolve: (r: UntrustedResult) => void; reject: (e: Error) => void; timeoutMs: number }
/** `ready`: the worker has loaded its code; no job goes to it (and no time limit runs) before. */
interface Slot { worker: Worker; job: Job | null; timer: NodeJS.Timeout | null; ready: boolean }

const BOOT = new URL('./boot.mjs', import.meta.url);
const ENTRY = new URL('./untrustedTasks.ts', import.meta.url).href;

export class UntrustedPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly opts: Required<PoolOptions>;

  constructor(opts: PoolOptions = {}) {
    this.opts = { size: 1, queueLimit: 16, timeoutMs: 5000, memoryMb: 256, entry: ENTRY, data: {}, ...opts };
    for (let i = 0; i < this.opts.size; i++) this.slots.push(this.spawn());
  }

  /** The task's own result type (TaskResults); the worker's answer is trusted to be runTask's for it. */
  run<T extends UntrustedTask>(task: T, timeoutMs?: number): Promise<ResultOf<T>>;
  run(task: UntrustedTask, timeoutMs = this.opts.timeoutMs): Promise<UntrustedResult> {
    if (this.closed) return Promise.reject(new PoolRefusal('busy', 'the server is stopping'));
    if (this.queue.length >= this.opts.queueLimit) return Promise.reject(new PoolRefusal('busy', `${this.queue.length} requests are already waiting to be checked: try again in a moment`));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject, timeoutMs });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PoolRefusal('busy', 'the server is stopping'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, {
      workerData: { ...this.opts.data, entry: this.opts.entry },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    const slot: Slot = { worker, job: null, timer: null, ready: false };
    worker.unref();
    worker.on('message', (m: { ready?: true; id: number; ok: boolean; result?: UntrustedResult; error?: string }) => {
      if (m.ready) { slot.ready = true; this.pump(); return; }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.finish(slot);
      if (m.ok) job.resolve(m.result!); else job.reject(new Error(m.error));
      // The next job goes out at once: waiting for the loop to turn would leave the worker idle behind whatever
      // else the loop has to do (the codecs' throughput under a flood of uplinks).
      this.pump();
    });
    // Out of memory or a crash: the job is refused and a fresh worker takes the slot.
    worker.on('error', (e) => this.replace(slot, new PoolRefusal('crashed', `the request was too heavy to check (${(e as { code?: string }).code ?? e.message})`)));
    worker.on('exit', () => this.replace(slot, new PoolRefusal('crashed', 'the request was too heavy to check (its worker stopped)')));
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.replace(slot, new PoolRefusal('timeout', `checking it took longer than ${job.timeoutMs / 1000} s`)), job.timeoutMs);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  private replace(slot: Slot, error: PoolRefusal): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return; // already replaced (an error is followed by an exit)
    const job = slot.job;
    this.finish(slot);
    slot.worker.removeAllListeners();
    // A worker being put down can still fail (out of memory while it terminates, seen under load): an 'error'
    // with no listener would be thrown as an uncaught exception and take the server down with it.
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    job?.reject(error);
    if (this.closed) { this.slots.splice(i, 1); return; }
    this.slots[i] = this.spawn();
  }
}
