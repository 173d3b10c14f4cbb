// A real Redis (Debian's redis-server) on a free port, started and stopped by the test itself: no
// persistence, nothing shared with a Redis the machine may already run.
import { freePort, spawnListening } from './ports';

export interface Redis { url: string; port: number; stop(): Promise<void> }

export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const { stop } = await spawnListening('redis-server', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
