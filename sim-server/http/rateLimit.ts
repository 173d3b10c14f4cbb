// A token bucket per address: `burst` requests at once, then `perSecond`. On the injected clock.
import type { Clock } from '../clock';

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly clock: Clock, private readonly burst: number, private readonly perSecond: number) {}

  take(key: string): boolean {
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (this.buckets.size > 10_000 && !this.buckets.has(key)) this.buckets.clear(); // bounded under a flood of addresses
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
