import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from './config';

describe('configFromEnv', () => {
  it('defaults to the contract', () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({ port: 2567, mqttUrl: null, mqttPort: 1883, districtPath: null, emulators: true, dataDir: './data', maxDrills: 20 });
    expect(c.trainerToken).not.toBe(c.operatorToken);
    expect(c.generatedTokens).toEqual({ trainer: true, operator: true });
  });

  it('takes tokens and ports from the environment', () => {
    const c = configFromEnv({ PORT: '0', MQTT_PORT: '0', OPERATOR_TOKEN: 'op-123456', EMULATORS: 'off' });
    expect(c).toMatchObject({ port: 0, mqttPort: 0, operatorToken: 'op-123456', emulators: false, generatedTokens: { operator: false } });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc"'],
    [{ MQTT_PORT: '70000' }, 'MQTT_PORT="70000"'],
    [{ EMULATORS: 'maybe' }, 'EMULATORS="maybe"'],
    [{ MQTT_URL: 'localhost:1883' }, 'MQTT_URL="localhost:1883"'],
    [{ OPERATOR_TOKEN: 'short' }, 'OPERATOR_TOKEN is too short'],
    [{ MAX_DRILLS: '0' }, 'MAX_DRILLS="0" must be a whole number from 1 to 1000'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL="localhost:6379" must start with redis://'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'with REDIS_URL, give MQTT_URL'],
    [{ TRUSTED_PROXIES: '10.0.0.0/8,nginx' }, 'TRUSTED_PROXIES: "nginx" is not an IP address or subnet'],
    [{ TRUSTED_PROXIES: '10.0.0.0/40' }, 'TRUSTED_PROXIES: "10.0.0.0/40" is not an IP address or subnet'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379', MQTT_URL: 'mqtt://127.0.0.1:1883', PORT: '0' }, 'with REDIS_URL, give a PORT (or PUBLIC_ADDRESS)'],
    [{ PUBLIC_ADDRESS: 'http://x/y' }, 'PUBLIC_ADDRESS="http://x/y" must be host:port'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379', MQTT_URL: 'mqtt://127.0.0.1:1883' }, 'with REDIS_URL, give DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL must start with postgres://'],
    [{ HISTORY_DAYS: '0' }, 'HISTORY_DAYS="0" must be a whole number of days'],
    [{ HISTORY_DAYS: 'forever' }, 'HISTORY_DAYS="forever" must be a whole number of days'],
  ])('refuses %j with a one-line reason', (env, start) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
