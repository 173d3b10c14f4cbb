// Who owns a district's live stream when several processes serve it (REDIS_URL + MQTT_URL): a lease in Redis,
// taken with SET NX and renewed every second. The owner ingests, raises alarms and writes the journal; the
// others stand by and take the lease over when it lapses (the owner died), reading the journal it left.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisOptions } from './redisOptions';

export const LEASE_TTL_MS = 5000;
export const LEASE_RENEW_MS = 1000;

// Renewed only while it is still ours, or taken back when it lapsed and nobody took it (Redis restarted
// without persistence): never taken from another process.
const RENEW = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] or v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface LeaseEvents {
  /** The lease is ours: start the live path (the lease is renewed meanwhile). */
  acquired(): Promise<void>;
  /** Another process holds it now: stop the live path at once. */
  lost(owner: string): Promise<void>;
  log(line: string): void;
}

export class LiveLease {
  readonly key: string;
  private readonly me: string;
  private readonly redis: Redis;
  private timer: NodeJS.Timeout | null = null;
  private owning = false;
  private ownerAddress: string | null = null;
  private redisDown = false;
  /** When the last successful take or renewal was sent (monotonic ms). */
  private renewedAt = -Infinity;
  private busy: Promise<void> = Promise.resolve();
  private acquiring: Promise<void> = Promise.resolve();

  constructor(redisUrl: string, districtId: string, readonly address: string, private readonly events: LeaseEvents,
    private readonly ttlMs = LEASE_TTL_MS, private readonly renewMs = LEASE_RENEW_MS) {
    this.key = `street-twin:live:${districtId}`;
    this.me = `${address} ${process.pid} ${randomBytes(6).toString('hex')}`;
    // Commands fail fast while Redis is away rather than queueing behind a dead connection.
    this.redis = new Redis({ ...redisOptions(redisUrl), lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 500 });
    this.redis.on('error', () => { /* told once per outage by step() */ });
  }

  get owned(): boolean { return this.owning; }
  /** Owned, and renewed within the lease time (or Redis is away, when the owner keeps going). False in the
   * moment after a long pause (a frozen VM, a stopped process), before the next renewal says whether another
   * process took over meanwhile: time-driven work (escalations) waits for it. */
  get fresh(): boolean { return this.owning && (this.redisDown || performance.now() - this.renewedAt < this.ttlMs); }
  /** The public address of the process holding the lease (this one's when owned), or null when nobody does. */
  get owner(): string | null { return this.owning ? this.address : this.ownerAddress; }

  /** Tries at once, then every second; resolves after the first try (with the live path started if it was taken). */
  async start(): Promise<void> {
    await this.redis.connect();
    await this.step();
    await this.acquiring;
    this.timer = setInterval(() => { this.busy = this.busy.then(() => this.step()); }, this.renewMs);
  }

  /** Stops renewing, lets the live path stop (`standBy`: journal closed, session left), then hands the lease
   * back, so a standby takes over at once instead of after the lease lapses. */
  async stop(standBy: () => Promise<void>): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
    await this.acquiring;
    if (this.owning) {
      await standBy().catch(() => {});
      await this.release();
    }
    this.redis.disconnect();
  }

  private async release(): Promise<void> {
    this.owning = false;
    await this.redis.eval(RELEASE, 1, this.key, this.me).catch(() => {});
  }

  private async step(): Promise<void> {
    try {
      const sentAt = performance.now();
      if (this.owning) {
        if (await this.redis.eval(RENEW, 1, this.key, this.me, String(this.ttlMs)) === 1) { this.renewedAt = sentAt; return this.reachable(); }
        const holder = await this.redis.get(this.key);
        this.owning = false;
        this.ownerAddress = holder ? holder.split(' ')[0]! : null;
        this.events.log(`live: the lease on ${this.key} is held by ${this.ownerAddress ?? 'nobody'} now; standing by`);
        await this.acquiring;
        await this.events.lost(this.ownerAddress ?? '');
        return;
      }
      if (await this.redis.set(this.key, this.me, 'PX', this.ttlMs, 'NX') === 'OK') {
        this.reachable();
        this.owning = true;
        this.renewedAt = sentAt;
        this.ownerAddress = null;
        // Not awaited here: renewal goes on while the live path starts (a long journal must not let the lease lapse).
        this.acquiring = this.events.acquired().catch(async (e) => {
          this.events.log(`live: could not take the live stream over (${(e as Error).message}); handing the lease back`);
          await this.events.lost('').catch(() => {});
          await this.release();
        });
        return;
      }
      this.reachable();
      const holder = await this.redis.get(this.key);
      this.ownerAddress = holder ? holder.split(' ')[0]! : null;
    } catch (e) {
      // Redis away: an owner keeps the live path (a lost alarm is worse than a duplicate one), a standby waits.
      if (!this.redisDown) this.events.log(`live: Redis cannot be reached (${(e as Error).message}); ${this.owning ? 'keeping' : 'still waiting for'} the live stream`);
      this.redisDown = true;
    }
  }

  private reachable(): void {
    if (this.redisDown) this.events.log('live: Redis reached again');
    this.redisDown = false;
  }
}
