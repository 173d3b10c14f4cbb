// Failed logins, wrong tokens and wrong MQTT passwords: after a few, each further try waits longer
// (1 s, 2 s, 4 s … up to 15 min) — 429 with Retry-After over HTTP, a delayed refusal over MQTT. Per key
// (an account, an address); a success clears the key. On the injected clock.
import type { Clock } from '../clock';

export interface ThrottleOptions { freeFailures: number; maxDelayMs?: number; forgetAfterMs?: number }

export class Throttle {
  private readonly failures = new Map<string, { count: number; last: number; until: number }>();
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  constructor(private readonly clock: Clock, private readonly o: ThrottleOptions) {
    this.maxDelayMs = o.maxDelayMs ?? 15 * 60_000;
    this.forgetAfterMs = o.forgetAfterMs ?? 60 * 60_000;
  }

  /** Milliseconds this key must still wait before it may try again (0: it may try now). */
  waitMs(key: string): number {
    const f = this.entry(key);
    return f ? Math.max(0, f.until - this.clock.now()) : 0;
  }

  /** A failed try: past the free ones, the next try must wait twice as long as the last had to. */
  failed(key: string): number {
    const now = this.clock.now();
    const f = this.entry(key) ?? { count: 0, last: now, until: 0 };
    f.count++;
    f.last = now;
    const over = f.count - this.o.freeFailures;
    const delay = over > 0 ? Math.min(this.maxDelayMs, 1000 * 2 ** (over - 1)) : 0;
    f.until = now + delay;
    if (this.failures.size > 50_000 && !this.failures.has(key)) this.prune(now);
    this.failures.set(key, f);
    return delay;
  }

  succeeded(key: string): void { this.failures.delete(key); }

  private entry(key: string) {
    const f = this.failures.get(key);
    if (f && this.clock.now() - f.last > this.forgetAfterMs) { this.failures.delete(key); return undefined; }
    return f;
  }

  /** Bounded under a flood of keys: the oldest half goes. */
  private prune(now: number): void {
    const byAge = [...this.failures].sort((a, b) => a[1].last - b[1].last);
    for (const [k, f] of byAge.slice(0, byAge.length / 2)) if (f.until <= now) this.failures.delete(k);
  }
}
