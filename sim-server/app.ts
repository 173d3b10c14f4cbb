// The composition root: one process holds the HTTP + Colyseus server, the embedded broker (unless
// MQTT_URL is set), drills, and the live path (liveTwin.ts) — from the start when alone, or, with REDIS_URL,
// while it holds the district's lease (cluster/liveLease.ts).
import { ImprovementPlan } from './history/improvementPlan';
import { PdfPrinter } from './drill/printPdf';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server, matchMaker } from '@colyseus/core';
import { CLIENT_MATCHMAKE_METHODS } from './rooms/serverRooms';
import { People } from './people/people';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { hostname } from 'node:os';
import { MAX_PACKET_BYTES, PortInUseError, startEmbeddedBroker, type EmbeddedBroker } from '../bridge/embeddedBroker';
import { DeviceKeysError, parseDeviceKeys, secretMatches } from '../bridge/deviceKeys';
import { Throttle } from './people/throttle';
import { RejectionLog } from './rejectionLog';
import { ROOM_MESSAGE_MAX_BYTES } from './rooms/messageGuard';
import { guardRequests } from './http/requestGuard';
import type { RunningEmulators } from '../device-emulators/runner';
import { indexDistrict } from '../twin-assets/districtIndex';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { loadDistrictFiles, type LoadedDistrict } from './districtFiles';
import { apiHandler } from './http/api';
import { sendError } from './http/respond';
import { staticFiles } from './http/staticFiles';
import type { LivePipeline } from './livePipeline';
import { dormantPipeline, startLive, type LiveDeps, type LiveTwin } from './liveTwin';
import { LiveLease } from './cluster/liveLease';
import { redisOptions } from './cluster/redisOptions';
import { createMetrics, type Metrics } from './metrics';
import { liveRoomFor } from './rooms/LiveRoom';
import { drillRoomFor } from './rooms/DrillRoom';
import { Drills } from './drill/drills';
import { UntrustedPool } from './workers/pool';
import { ScenarioLibrary } from './scenarioLibrary';
import { PhotoStore } from './reports/photoStore';
import { PHOTO_MEDIA_TYPES } from './reports/photoUpload';
import { History } from './history/history';

/** With REDIS_URL, rooms and matchmaking are shared with the other processes: a client matchmaking here may be
 * sent to a room living on another one (at its public address). A room is always created where it is asked for:
 * a drill's session and the live pipeline live in this process's memory. */
async function sharedRooms(config: Config): Promise<{ publicAddress?: string } & Record<string, unknown>> {
  if (!config.redisUrl) return {};
  await reachable(config.redisUrl);
  const publicAddress = config.publicAddress ?? `${config.host === '0.0.0.0' ? hostname() : config.host}:${config.port}`;
  return { presence: new RedisPresence(redisOptions(config.redisUrl)), driver: new RedisDriver(redisOptions(config.redisUrl)), publicAddress, selectProcessIdToCreateRoom: async () => matchMaker.processId };
}

/** Redis' client retries for ever: say at start, in one line, when REDIS_URL cannot be reached. */
function reachable(url: string): Promise<void> {
  const { hostname: host, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port || 6379), timeout: 5000 });
    const fail = (why: string) => { socket.destroy(); reject(new Error(`REDIS_URL="${url}" cannot be reached (${why}): start Redis, or unset REDIS_URL to run this process alone`)); };
    socket.once('connect', () => { socket.end(); resolve(); });
    socket.once('timeout', () => fail('no answer in 5 s'));
    socket.once('error', (e) => fail(e.message));
  });
}

/** Colyseus' transport prints a raw stack trace for a taken port; find out first and say it in one line. */
function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port, 'PORT') : e));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Credentials and TLS files for an external broker, read once at start. */
async function brokerOptions(config: Config) {
  const file = async (path: string | null, variable: string) => {
    if (!path) return undefined;
    try { return await readFile(path); } catch (e) { throw new Error(`${variable}="${path}" cannot be read: ${(e as Error).message}`); }
  };
  return {
    ...(config.mqttUsername ? { username: config.mqttUsername } : {}),
    ...(config.mqttPassword ? { password: config.mqttPassword } : {}),
    ...(config.mqttCaFile ? { ca: await file(config.mqttCaFile, 'MQTT_CA_FILE') } : {}),
    ...(config.mqttCertFile ? { cert: await file(config.mqttCertFile, 'MQTT_CERT_FILE') } : {}),
    ...(config.mqttKeyFile ? { key: await file(config.mqttKeyFile, 'MQTT_KEY_FILE') } : {}),
  };
}

async function readDeviceKeys(file: string) {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (e) { throw new DeviceKeysError(`DEVICE_KEYS="${file}" cannot be read: ${(e as Error).message}`); }
  return parseDeviceKeys(text, file);
}

export const CLIENT_DIST = fileURLToPath(new URL('../client/dist', import.meta.url));

export interface RunningTwin {
  httpUrl: string;
  port: number;
  mqttUrl: string;
  embeddedBroker: boolean;
  loaded: LoadedDistrict;
  /** The live pipeline (with REDIS_URL, a dormant one while another process owns the live stream). */
  readonly pipeline: LivePipeline;
  drills: Drills;
  metrics: Metrics;
  readonly emulators: RunningEmulators | null;
  /** With REDIS_URL, the public address of the process owning the live stream (null: nobody); null when alone. */
  readonly liveOwner: string | null;
  /** How this process's own clients log in to the broker (the embedded broker's secret, or MQTT_USERNAME/PASSWORD). */
  mqttLogin: { username?: string; password?: string | Buffer };
  mqttClientId: string;
  /** Where other processes send clients for rooms living here (REDIS_URL), or null when this process is alone. */
  roomsAddress: string | null;
  /** People, sessions, tokens and the audit log. */
  people: People;
  /** On the first start: the bootstrap administrator (and its password, when generated rather than ADMIN_PASSWORD). */
  bootstrap: { login: string; password: string | null } | null;
  /** Alarms, records and readings in the database. */
  history: History;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock; log?: (line: string) => void; clientDir?: string; emulatorIntervalScale?: number; tickMs?: number;
  /** How long a drill may sit not running with nobody in it before it is withdrawn (default 3 h). */
  drillIdleMs?: number;
  /** How long a running drill with nobody in it runs on before it pauses (tests make it short). */
  drillEmptyPauseMs?: number;
  /** Tests: every JSON body checked against the schema its route declares; mismatches told here. */
  checkResponses?: (mismatch: string) => void;
}

export async function startTwin(config: Config, opts: StartOptions = {}): Promise<RunningTwin> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? ((line: string) => console.log(line));
  const loaded = await loadDistrictFiles(config.districtPath);
  await mkdir(config.dataDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const brokerLog = new RejectionLog(clock, log);
  const stop = async () => { for (const c of cleanups.reverse()) await c().catch(() => {}); cleanups.length = 0; };
  try {
    const metrics = createMetrics();
    const index = indexDistrict(loaded.district);
    const twinClientId = config.mqttClientId ?? `street-twin-${index.district.id}`;
    // The twin's own clients (its link, drills, emulators) log in to the embedded broker with a secret of this process.
    const internal = { username: 'street-twin', password: randomBytes(24).toString('base64url') };
    const history = await History.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock, metrics, log, historyDays: config.historyDays });
    cleanups.push(() => history.close());
    const { people, bootstrap } = await People.open({ sql: history.sql, dataDir: config.dataDir, clock, metrics, index, machineTokens: { operator: config.operatorToken, trainer: config.trainerToken }, adminPassword: config.adminPassword });
    cleanups.push(() => people.close());
    let broker: EmbeddedBroker | null = null;
    if (!config.mqttUrl) {
      const keys = config.deviceKeysFile ? await readDeviceKeys(config.deviceKeysFile) : null;
      broker = await startEmbeddedBroker(config.mqttPort, config.host, {
        districtId: index.district.id, isDevice: (id) => index.devices.has(id), keys, internal,
        reserved: (id) => id === twinClientId || id.startsWith('street-twin'),
        staff: (username, password) => {
          if (username === 'operator' || username === 'trainer') return secretMatches(password, username === 'operator' ? config.operatorToken : config.trainerToken) ? [username] : null;
          const person = people.store.byLoginName(username);
          return person && password && people.store.token(password.toString())?.id === person.id ? person.roles : null;
        },
        throttle: new Throttle(clock, { freeFailures: 20 }),
        maxPacketBytes: MAX_PACKET_BYTES,
        onRefused: (what, detail) => { metrics.brokerRefused.inc({ what }); brokerLog.note(what, `broker refused: ${detail}`); },
        onClients: (n) => metrics.brokerClients.set(n),
        onSubscribed: (n) => metrics.brokerSubscriptions.inc(n),
      });
      cleanups.push(() => broker!.close());
    }
    const mqttUrl = config.mqttUrl ?? broker!.url;
    const clientOptions = broker ? internal : await brokerOptions(config);
    let lease: LiveLease | null = null;
    const liveDeps: LiveDeps = { config, loaded, index, clock, metrics, log, mqttUrl, clientOptions, clientId: twinClientId, tickMs: opts.tickMs, emulatorIntervalScale: opts.emulatorIntervalScale, mayAct: () => lease?.fresh ?? true, history };
    // Alone, this process owns the live stream from the start; with REDIS_URL it stands by until it holds the lease.
    let live: LiveTwin | null = config.redisUrl ? null : await startLive(liveDeps);
    cleanups.push(async () => { await live?.stop(); live = null; });
    const dormant = dormantPipeline(liveDeps);
    const pipeline = () => live?.pipeline ?? dormant;

    const rooms = await sharedRooms(config);
    const library = await ScenarioLibrary.open(history.sql, config.dataDir);
    // Each process of a district has a DATA_DIR of its own; should one be shared all the same (a layout from before
    // the shared live log), each still keeps its own drills.
    const drillsDir = rooms.publicAddress ? join(config.dataDir, 'by-process', rooms.publicAddress.replace(/[^\w.-]/g, '_')) : config.dataDir;
    const improvement = new ImprovementPlan(history.sql, (login) => people.store.byLoginName(login)?.name ?? null);
    const drills = new Drills({ index, rules: loaded.rules, mqttUrl, mqttOptions: clientOptions, webhookUrl: config.notifyWebhookUrl, dataDir: drillsDir, maxDrills: config.maxDrills, metrics, library, log,
      openActions: (scenarioId) => improvement.list({ scenarioId, status: 'open' }) });
    cleanups.push(() => drills.closeAll());
    const untrusted = new UntrustedPool();
    cleanups.push(() => untrusted.close());
    const planner = new UntrustedPool({ size: 1, queueLimit: 4, timeoutMs: 150_000, memoryMb: 1024 });
    cleanups.push(() => planner.close());
    const uploads = new UntrustedPool({ size: 1, queueLimit: 8, timeoutMs: 5000 });
    cleanups.push(() => uploads.close());
    history.feedDrills(join(drillsDir, 'drills'), async (file) => {
      const built = await untrusted.run({ kind: 'aar', file, format: 'json' }, 60_000);
      return typeof built.body === 'string' ? JSON.parse(built.body) : null;
    });
    const photos = new PhotoStore(history.sql);
    const imported = await photos.importDir(join(config.dataDir, 'reports'), PHOTO_MEDIA_TYPES);
    if (imported) log(`reports: ${imported} photo(s) from ${join(config.dataDir, 'reports')} moved into the database`);
    const api = apiHandler({ pipeline, sources: () => live?.sources ?? null, history, photos, drills, library, metrics, people, untrusted, uploads, planner, improvement, printer: new PdfPrinter({ fontsDir: join(opts.clientDir ?? CLIENT_DIST, 'fonts') }), districtFile: loaded.districtFile, mqttConnected: () => live?.link.connected() ?? false, districtJson: loaded.districtJson, standby: () => (live ? null : lease?.owned ? '' : lease?.owner ?? ''), ...(opts.checkResponses ? { checkResponses: opts.checkResponses } : {}) });
    const files = staticFiles(opts.clientDir ?? CLIENT_DIST);
    const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
      (async () => {
        if (await api(req, res)) return;
        if (await files(req, res)) return;
        sendError(res, 404, req.url === '/' ? 'the client is not built: run "npm run build"' : `not found: ${req.url}`);
      })().catch((e) => { if (!res.headersSent) sendError(res, 500, `internal error: ${(e as Error).message}`); });
    });
    const gameServer = new Server({ transport: new WebSocketTransport({ server: httpServer, maxPayload: ROOM_MESSAGE_MAX_BYTES }), gracefullyShutdown: false, greet: false, ...rooms });
    // Rooms belong to the server: a client may join one, never create one.
    matchMaker.controller.exposedMethods = CLIENT_MATCHMAKE_METHODS;
    // The matchmaker answers this site's own pages only (its default allows any Origin, with credentials).
    matchMaker.controller.DEFAULT_CORS_HEADERS = { 'Access-Control-Allow-Headers': 'Content-Type, Authorization', 'Access-Control-Allow-Methods': 'OPTIONS, POST' } as typeof matchMaker.controller.DEFAULT_CORS_HEADERS;
    matchMaker.controller.getCorsHeaders = () => ({});
    gameServer.define('live', liveRoomFor({ pipeline, standby: () => live === null, metrics, people }));
    gameServer.define('drill', drillRoomFor({ drill: (id) => drills.get(id), code: (id) => drills.code(id), maxGuests: config.maxGuests, people, metrics, onDisposed: (id) => void drills.disposed(id), idleMs: opts.drillIdleMs ?? 3 * 3600_000, ...(opts.drillEmptyPauseMs ? { emptyPauseMs: opts.drillEmptyPauseMs } : {}) }));
    guardRequests(httpServer, { clock, metrics, trustedProxies: config.trustedProxies, staff: (req) => people.isStaff(req) });
    await assertPortFree(config.port, config.host);
    await gameServer.listen(config.port, config.host);
    cleanups.push(() => gameServer.gracefullyShutdown(false));
    if (live) { await live.openRoom(); metrics.liveOwner.set(1); } else {
      const standBy = async () => {
        const was = live;
        live = null;
        metrics.liveOwner.set(0);
        metrics.openAlarms.source = () => ({});
        await was?.stop();
      };
      lease = new LiveLease(config.redisUrl!, index.district.id, rooms.publicAddress!, {
        acquired: async () => {
          live = await startLive(liveDeps);
          await live.openRoom();
          metrics.liveOwner.set(1);
          metrics.liveTakeovers.inc();
          log(`live: this process now owns the live stream of ${index.district.name.zh} (lease ${lease!.key})`);
        },
        lost: standBy,
        log,
      });
      await lease.start();
      const listed = setInterval(() => void live?.keepListed().catch(() => {}), 5000);
      cleanups.push(async () => clearInterval(listed));
      if (!lease.owned) log(`live: standing by; the live stream of ${index.district.name.zh} is owned by ${lease.owner ?? 'nobody yet'}`);
      cleanups.push(() => lease!.stop(standBy));
    }
    await drills.resumeInterrupted();
    const port = (httpServer.address() as { port: number }).port;
    return {
      httpUrl: `http://localhost:${port}/`, port, mqttUrl, embeddedBroker: broker !== null, loaded, get pipeline() { return pipeline(); }, drills, metrics,
      get emulators() { return live?.emulators ?? null; }, mqttLogin: clientOptions, mqttClientId: twinClientId,
      roomsAddress: config.redisUrl ? matchMaker.publicAddress || null : null, get liveOwner() { return lease ? lease.owner : null; }, people, bootstrap, history, stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
