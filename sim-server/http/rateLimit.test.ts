import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { RateLimiter } from './rateLimit';

describe('rate limiter', () => {
  it('lets a burst through, then the steady rate, per address', () => {
    const clock = new ManualClock(0);
    const limit = new RateLimiter(clock, 3, 2);
    expect([1, 2, 3, 4].map(() => limit.take('a'))).toEqual([true, true, true, false]);
    expect(limit.take('b')).toBe(true);
    clock.advance(500);
    expect([limit.take('a'), limit.take('a')]).toEqual([true, false]);
    clock.advance(10_000);
    expect([1, 2, 3, 4].map(() => limit.take('a'))).toEqual([true, true, true, false]);
  });
});
