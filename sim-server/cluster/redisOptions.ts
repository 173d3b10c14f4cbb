// REDIS_URL → ioredis options, shared by Colyseus' presence and driver and the live lease.
import type { RedisOptions } from 'ioredis';

/** `disableClientInfo`: since ioredis 5.8.2 the CLIENT SETINFO handshake can race a SUBSCRIBE sent while connecting,
 * and the ready check then fails on the subscriber connection (redis/ioredis#2037, fixed in 6). Colyseus' presence
 * lost its process channel that way, and another process's health check then deleted this one's rooms. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname, port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    disableClientInfo: true,
  };
}
