// A real twin in this process: embedded broker (or MQTT_URL) on free ports, emulators off by default.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwin, type RunningTwin, type StartOptions } from '../../sim-server/app';
import { configFromEnv } from '../../sim-server/config';
import { ADMIN_PASSWORD } from './people';

export const OPERATOR_TOKEN = 'operator-test-token';
export const TRAINER_TOKEN = 'trainer-test-token';
let instances = 0;
/** Logins that read the whole tree of a test twin's embedded broker (the contract's ACL keeps anonymous clients to alarms and CAP). */
export const AS_TRAINER = { username: 'trainer', password: TRAINER_TOKEN };
export const AS_OPERATOR = { username: 'operator', password: OPERATOR_TOKEN };

export async function startTestTwin(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningTwin> {
  const config = configFromEnv({
    PORT: '0', MQTT_PORT: '0', EMULATORS: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'twin-data-')),
    OPERATOR_TOKEN, TRAINER_TOKEN, ADMIN_PASSWORD, HOST: '127.0.0.1', MQTT_CLIENT_ID: `twin-test-${process.pid}-${++instances}`, ...env,
  });
  return startTwin(config, { log: () => {}, ...opts });
}
