// The lease against a real Redis (Debian's redis-server on a free port): one owner at a time, a standby takes
// over when the owner's lease lapses or is handed back, an owner that finds another holder stops at once, and
// an owner cut off from Redis keeps the live stream.
import { Redis as RedisClient } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type Redis } from '../../test/helpers/redis';
import { until } from '../../test/helpers/mqttProbe';
import { LiveLease } from './liveLease';

const TTL_MS = 600;
/** When the lease last renewed (monotonic ms): the tests wait on it rather than on the clock. */
const renewedAt = (l: LiveLease) => (l as unknown as { renewedAt: number }).renewedAt;

function lease(url: string, address: string, district = 'd1', ttlMs = TTL_MS) {
  const seen: string[] = [];
  const l = new LiveLease(url, district, address, {
    acquired: async () => { seen.push('acquired'); },
    lost: async (owner) => { seen.push(`lost to ${owner}`); },
    log: (line) => seen.push(line),
  }, ttlMs, 100);
  return { l, seen };
}

describe('the live lease', () => {
  let redis: Redis;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => redis?.stop());

  it('has one owner; the standby names it, and takes over once it is handed back', async () => {
    const a = lease(redis.url, 'a:1');
    const b = lease(redis.url, 'b:1');
    await a.l.start();
    await b.l.start();
    expect([a.l.owned, b.l.owned]).toEqual([true, false]);
    expect(b.l.owner).toBe('a:1');
    // Renewed for longer than a lease lasts: still A's.
    const took = renewedAt(a.l);
    await until(() => renewedAt(a.l) - took > 2 * TTL_MS, 10_000, 'A renewing past two lease times');
    expect([a.l.owned, b.l.owned]).toEqual([true, false]);
    let stoppedFirst = false;
    await a.l.stop(async () => { stoppedFirst = !b.l.owned; });
    expect(stoppedFirst).toBe(true);
    await until(() => b.l.owned, 5000, 'B taking the lease');
    expect(b.seen).toContain('acquired');
    await b.l.stop(async () => {});
  });

  it('moves to the standby when the owner stops renewing (it died), and a woken owner steps down', async () => {
    const a = lease(redis.url, 'a:2', 'd2');
    const b = lease(redis.url, 'b:2', 'd2');
    await a.l.start();
    await b.l.start();
    // A "dies": its renewals stop without handing the lease back.
    const timer = (a.l as unknown as { timer: NodeJS.Timeout }).timer;
    clearInterval(timer);
    await until(() => b.l.owned, 5000, 'B taking the lapsed lease');
    // A wakes and renews: it finds B's hold and stops its live path.
    await (a.l as unknown as { step(): Promise<void> }).step();
    expect(a.l.owned).toBe(false);
    expect(a.seen).toContain('lost to b:2');
    expect(a.l.owner).toBe('b:2');
    await b.l.stop(async () => {});
    (a.l as unknown as { redis: RedisClient }).redis.disconnect();
  });

  it('is not fresh after a pause longer than the lease, until a renewal answers', async () => {
    const a = lease(redis.url, 'a:4', 'd4');
    await a.l.start();
    expect(a.l.fresh).toBe(true);
    // Frozen: no renewal for longer than the lease.
    clearInterval((a.l as unknown as { timer: NodeJS.Timeout }).timer);
    await until(() => !a.l.fresh, 5000, 'the lease going stale');
    expect(a.l.owned).toBe(true);
    // Woken: its renewal (nobody took the key meanwhile) makes it fresh again.
    await (a.l as unknown as { step(): Promise<void> }).step();
    expect(a.l.fresh).toBe(true);
    await a.l.stop(async () => {});
  });

  it('keeps the live stream while Redis cannot be reached, and nobody else can take it meanwhile', async () => {
    const own = await startRedis();
    const a = lease(own.url, 'a:3', 'd3');
    await a.l.start();
    expect(a.l.owned).toBe(true);
    await own.stop();
    await until(() => a.seen.some((s) => s.startsWith('live: Redis cannot be reached')), 5000, 'the outage noticed');
    expect(a.l.owned).toBe(true);
    // Past the lease time since its last renewal: still fresh, Redis being away.
    const last = renewedAt(a.l);
    await until(() => performance.now() - last > TTL_MS, 10_000, 'the lease time passing without a renewal');
    expect(a.l.fresh).toBe(true);
    expect(a.seen.filter((s) => s.startsWith('lost'))).toEqual([]);
    await a.l.stop(async () => {});
  });
});
