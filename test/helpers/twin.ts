// A real twin in this process: embedded broker (or MQTT_URL) on free ports, emulators off by default.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin, type RunningTwin, type StartOptions } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { ADMIN_PASSWORD } from './people';
import { databaseFor, embeddedDatabaseIn } from './database';
import { until } from './mqttProbe';

export const OPERATOR_TOKEN = 'operator-test-token';
export const TRAINER_TOKEN = 'trainer-test-token';
let instances = 0;
/** Logins that read the whole tree of a test twin's embedded broker (the contract's ACL keeps anonymous clients to alarms and CAP). */
export const AS_TRAINER = { username: 'trainer', password: TRAINER_TOKEN };
export const AS_OPERATOR = { username: 'operator', password: OPERATOR_TOKEN };

/** The history goes to a fresh database of the suite's PostgreSQL cluster unless `env` names one (DATABASE_URL: ''
 * for the embedded PGlite in DATA_DIR/db). Resolves once the twin is ready (health would say "ok"): its history
 * has caught up with the journal and its drills are back. */
export async function startTestTwin(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningTwin> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'twin-data-'));
  const config = configFromEnv({
    PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', DATA_DIR: dataDir,
    OPERATOR_TOKEN, TRAINER_TOKEN, ADMIN_PASSWORD, HOST: '127.0.0.1', MQTT_CLIENT_ID: `twin-test-${process.pid}-${++instances}`,
    DATABASE_URL: 'DATABASE_URL' in env ? env.DATABASE_URL! : await databaseFor(dataDir), ...env,
  });
  // PGlite: a copy of the suite's migrated database (its first start is startup.test.ts's subject, not every test's).
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'db'))) embeddedDatabaseIn(config.dataDir);
  // Every JSON body the HTTP tests receive is checked against the schema its route declares; stopping the
  // twin fails the test file that got one that does not match.
  const mismatches: string[] = [];
  const twin = await startTwin(config, { log: () => {}, checkResponses: (m) => mismatches.push(m), ...opts });
  await until(() => twin.history.ready && twin.drills.ready, 60_000, 'the twin to be ready');
  const stop = twin.stop.bind(twin);
  return Object.assign(twin, {
    stop: async () => {
      await stop();
      if (mismatches.length) throw new Error(`responses unlike the schema their route declares:\n${[...new Set(mismatches)].join('\n')}`);
    },
  });
}
