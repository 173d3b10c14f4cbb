// Reading → CAP with the live stream's write-ahead shared in PostgreSQL (REDIS_URL): the owner commits each batch
// to its journal and to live_log before announcing it. Measured against the same twin alone (same PostgreSQL
// history, same Mosquitto), in the same run, so the figure is the shared log's cost and nothing else.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { createDatabase, startPostgres } from '../helpers/postgres';
import { startMosquitto } from '../helpers/mosquitto';
import { startRedis } from '../helpers/redis';
import { freePort } from '../helpers/ports';
import { until } from '../helpers/mqttProbe';
import { ADMIN_PASSWORD } from '../helpers/people';
import { benchLivePath } from './livePath';

export async function benchClusterPath(rounds: number) {
  const [postgres, redis, mosquitto] = await Promise.all([startPostgres(), startRedis(), startMosquitto()]);
  const run = async (name: string, extra: Record<string, string>) => {
    const port = await freePort();
    const twin = await startTwin(configFromEnv({
      PORT: String(port), HOST: '127.0.0.1', MQTT_URL: mosquitto.url, EMULATORS: 'off', ADMIN_PASSWORD, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-cluster-')),
      DATABASE_URL: await createDatabase(postgres.url, name), MQTT_CLIENT_ID: `bench-${name}`, ...extra,
    }), { log: () => {} });
    try {
      await until(async () => ((await (await fetch(`${twin.httpUrl}api/health`)).json()) as { live?: string }).live !== 'standby', 30_000, 'the live stream owned');
      const path = await benchLivePath(twin, rounds);
      const [logRows] = await twin.history.sql.query<{ n: number }>('select count(*)::int as n from live_log');
      return { ...path, liveLogRows: logRows!.n };
    } finally { await twin.stop(); }
  };
  try {
    const alone = await run('alone', {});
    const shared = await run('shared', { REDIS_URL: redis.url });
    console.log(`  reading → CAP p99: alone ${alone.alert.p99} ms, with the shared live log ${shared.alert.p99} ms (target ≤ 50 ms); live_log rows after the run: ${shared.liveLogRows}`);
    return { alone, shared };
  } finally {
    await Promise.all([postgres.remove(), redis.stop(), mosquitto.stop()]);
  }
}
