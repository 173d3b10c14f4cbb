// Environment → configuration (CONTRACT.md "Starting it"). Pure: takes the environment as an argument.
import { randomBytes } from 'node:crypto';
import type { BlockList } from 'node:net';
import { parseTrustedProxies } from './http/clientAddress';

export interface Config {
  port: number;
  host: string;
  mqttUrl: string | null;
  mqttPort: number;
  districtPath: string | null;
  emulators: boolean;
  dataDir: string;
  trainerToken: string;
  operatorToken: string;
  generatedTokens: { trainer: boolean; operator: boolean };
  /** Where notifications for real people are POSTed (a telephony or messaging platform); none when unset. */
  notifyWebhookUrl: string | null;
  /** The twin's MQTT session: a stable client id with a persistent session keeps readings sent while it restarts. */
  mqttClientId: string | null;
  /** Rooms and matchmaking shared with other processes through Redis (presence + driver), or null: this process alone. */
  redisUrl: string | null;
  /** host:port at which clients reach this process (REDIS_URL: a room living here is joined there); default HOST:PORT. */
  publicAddress: string | null;
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** PEM files for mqtts:// (a private CA, and a client certificate when the broker asks for one). */
  mqttCaFile: string | null;
  mqttCertFile: string | null;
  mqttKeyFile: string | null;
  /** Drills held at once: each has its own broker connection, physics world and journal. */
  maxDrills: number;
  /** Guests (with a drill's join code, not logged in) one drill takes. */
  maxGuests: number;
  /** Reverse proxies whose X-Forwarded-For is believed for the per-address limits (TRUSTED_PROXIES). */
  trustedProxies: BlockList | null;
  /** A CSV file of `clientId,key,role`: every MQTT client of the embedded broker must then authenticate. */
  deviceKeysFile: string | null;
  /** The bootstrap administrator's password (ADMIN_PASSWORD), used when no account exists yet. */
  adminPassword: string | null;
  /** NODE_ENV=production: no anonymous devices. */
  production: boolean;
  /** postgres://… for the history; null: embedded PGlite in DATA_DIR/db. */
  databaseUrl: string | null;
  /** Days alarms, records and the audit log are kept (HISTORY_DAYS). */
  historyDays: number;
  /** SOURCES: a JSON file of device sources (network servers, IoT platforms: sources/sourcesFile.ts), or null. */
  sourcesFile: string | null;
}

export class ConfigError extends Error {}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name}="${raw}" is not a port number (0–65535)`);
  return n;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ConfigError(`${name}="${raw}" must be a whole number from 1 to 1000`);
  return n;
}

const token = () => randomBytes(18).toString('base64url');

export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const mqttUrl = env.MQTT_URL?.trim() || null;
  if (mqttUrl && !/^(mqtts?|wss?|tcp|ssl):\/\//.test(mqttUrl)) throw new ConfigError(`MQTT_URL="${mqttUrl}" must start with mqtt://, mqtts://, ws:// or wss://`);
  const emulators = (env.EMULATORS ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(emulators)) throw new ConfigError(`EMULATORS="${env.EMULATORS}" must be "on" or "off"`);
  const minToken = (name: string) => {
    const v = env[name];
    if (v !== undefined && v !== '' && v.length < 8) throw new ConfigError(`${name} is too short: use at least 8 characters`);
    return v || null;
  };
  const webhook = env.NOTIFY_WEBHOOK_URL?.trim() || null;
  if (webhook && !/^https?:\/\//.test(webhook)) throw new ConfigError(`NOTIFY_WEBHOOK_URL="${webhook}" must start with http:// or https://`);
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL="${redisUrl}" must start with redis:// or rediss://`);
  const publicAddress = env.PUBLIC_ADDRESS?.trim() || null;
  if (publicAddress && !/^[\w.-]+(:\d{1,5})?(\/[\w.-]+)*$/.test(publicAddress)) throw new ConfigError(`PUBLIC_ADDRESS="${publicAddress}" must be host:port or host/path (through a reverse proxy), as clients reach this process`);
  if (redisUrl && !mqttUrl) throw new ConfigError('with REDIS_URL, give MQTT_URL: the processes that share rooms share one broker, and the live stream moves between them');
  if (redisUrl && !publicAddress && env.PORT === '0') throw new ConfigError('with REDIS_URL, give a PORT (or PUBLIC_ADDRESS): the other processes send clients to this address');
  const trusted = env.TRUSTED_PROXIES?.trim() ? parseTrustedProxies(env.TRUSTED_PROXIES) : null;
  if (typeof trusted === 'string') throw new ConfigError(`TRUSTED_PROXIES: ${trusted}`);
  const production = env.NODE_ENV === 'production';
  if (production && !mqttUrl && !env.DEVICE_KEYS?.trim()) throw new ConfigError('NODE_ENV=production needs DEVICE_KEYS: without it any device may report on the embedded broker (npm run devices:keys -- --out keys.csv writes one)');
  if (production && mqttUrl && !env.MQTT_USERNAME) throw new ConfigError('NODE_ENV=production with MQTT_URL needs MQTT_USERNAME and MQTT_PASSWORD: the broker must know its clients (npm run broker:config writes its rules with the device keys)');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError(`DATABASE_URL must start with postgres:// (or postgresql://); unset, the history is kept in DATA_DIR/db`);
  if (redisUrl && !databaseUrl) throw new ConfigError('with REDIS_URL, give DATABASE_URL: the processes that share a district share one history database (PostgreSQL)');
  const historyDaysRaw = env.HISTORY_DAYS?.trim();
  const historyDays = historyDaysRaw ? Number(historyDaysRaw) : 1095;
  if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 36500) throw new ConfigError(`HISTORY_DAYS="${historyDaysRaw}" must be a whole number of days from 1 to 36500`);
  const adminPassword = env.ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < 10) throw new ConfigError('ADMIN_PASSWORD is too short: use at least 10 characters');
  const trainer = minToken('TRAINER_TOKEN');
  const operator = minToken('OPERATOR_TOKEN');
  return {
    port: port(env, 'PORT', 2567),
    host: env.HOST || '0.0.0.0',
    mqttUrl,
    mqttPort: port(env, 'MQTT_PORT', 1883),
    districtPath: env.DISTRICT?.trim() || null,
    emulators: emulators === 'on',
    dataDir: env.DATA_DIR || './data',
    trainerToken: trainer ?? token(),
    operatorToken: operator ?? token(),
    generatedTokens: { trainer: trainer === null, operator: operator === null },
    notifyWebhookUrl: webhook,
    mqttClientId: env.MQTT_CLIENT_ID?.trim() || null,
    mqttUsername: env.MQTT_USERNAME || null,
    mqttPassword: env.MQTT_PASSWORD || null,
    mqttCaFile: env.MQTT_CA_FILE || null,
    mqttCertFile: env.MQTT_CERT_FILE || null,
    mqttKeyFile: env.MQTT_KEY_FILE || null,
    maxDrills: count(env, 'MAX_DRILLS', 20),
    maxGuests: count(env, 'MAX_GUESTS', 60),
    deviceKeysFile: env.DEVICE_KEYS?.trim() || null,
    sourcesFile: env.SOURCES?.trim() || null,
    redisUrl,
    publicAddress,
    trustedProxies: trusted,
    adminPassword,
    production,
    databaseUrl,
    historyDays,
  };
}
