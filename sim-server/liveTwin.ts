// The live path of one district, started as a unit: the pipeline over its journal, the twin's MQTT session,
// the once-a-second tick, the emulators and the live room. A process alone starts it at once; with REDIS_URL
// it starts when this process takes the district's lease (cluster/liveLease.ts) and stops when it loses it.
// Each process keeps its journal in its own DATA_DIR; with REDIS_URL every commit also goes to the shared live
// log in the database (cluster/sharedLiveLog.ts), and a process taking over begins its journal afresh from it.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { matchMaker } from '@colyseus/core';
import type { IClientOptions } from 'mqtt';
import { connectMqtt, type MqttLink } from '../bridge/mqttLink';
import { LIVE } from '../bridge/topics';
import { startEmulators, type RunningEmulators } from '../device-emulators/runner';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { Clock } from './clock';
import type { Config } from './config';
import type { LoadedDistrict } from './districtFiles';
import { LivePipeline } from './livePipeline';
import { Journal } from './journal/journal';
import { SharedLiveLog } from './cluster/sharedLiveLog';
import type { History } from './history/history';
import { serverRoomOptions } from './rooms/serverRooms';
import { createMetrics, type Metrics } from './metrics';
import { DeviceSources } from './sources/deviceSources';
import { readSourcesFile } from './sources/sourcesFile';

export interface LiveDeps {
  config: Config; loaded: LoadedDistrict; index: DistrictIndex; clock: Clock; metrics: Metrics; log: (line: string) => void;
  mqttUrl: string; clientOptions: IClientOptions; clientId: string; tickMs?: number; emulatorIntervalScale?: number;
  /** False while this process may no longer own the live stream (a lease not renewed in time): no tick then. */
  mayAct?: () => boolean;
  /** The history the live journal feeds. */
  history: History | null;
}

export interface LiveTwin {
  pipeline: LivePipeline;
  link: MqttLink;
  emulators: RunningEmulators | null;
  /** The network servers and platforms of SOURCES (null without). */
  sources: DeviceSources | null;
  /** Opens the live room (once the game server listens). */
  openRoom(): Promise<void>;
  /** Lists the live room again if another process's health check struck it off (it does when this process
   * answers it late, e.g. busy replaying a journal): operators joining elsewhere would no longer find it. */
  keepListed(): Promise<void>;
  stop(): Promise<void>;
}

const journalFileOf = (dataDir: string, districtId: string) => join(dataDir, `journal-${districtId}.jsonl`);

/** This DATA_DIR's own name, made once: where processes share the database, each journal's place in the history
 * is kept under it (two folders' journals have different offsets; one folder shared keeps one name). */
function instanceOf(dataDir: string): string {
  const file = join(dataDir, 'instance-id');
  if (!existsSync(file)) writeFileSync(file, `${randomUUID()}\n`, { flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

/** With REDIS_URL: the shared live log, and this process's journal begun from it when it holds anything. */
async function takeOver(d: LiveDeps, file: string): Promise<{ mirror: SharedLiveLog; historyName: string } | null> {
  if (!d.config.redisUrl || !d.history) return null;
  const district = d.index.district.id;
  const taken = await SharedLiveLog.read(d.history.sql, district);
  if (taken) {
    Journal.seed(file, taken.snapshot, taken.records, d.clock.now());
    d.log(`live: taking over from the shared live log: a snapshot of ${taken.snapshot ? new Date(taken.snapshot.at).toISOString() : 'nothing'} and ${taken.records.length} record(s) after it`);
  }
  return { mirror: new SharedLiveLog(d.history.sql, district, { log: d.log }), historyName: `${instanceOf(d.config.dataDir)}/${basename(file)}` };
}

/** A pipeline that owns nothing: what a standby's routes and rooms see until it takes the live stream over.
 * Its metrics are its own: the process's figures are the live pipeline's. */
export const dormantPipeline = (d: LiveDeps) => new LivePipeline(d.index, d.loaded.rules, LIVE, d.clock, createMetrics({ processMetrics: false }), d.log);

export async function startLive(d: LiveDeps): Promise<LiveTwin> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => { for (const c of cleanups.reverse()) await c().catch(() => {}); cleanups.length = 0; };
  try {
    const pipeline = new LivePipeline(d.index, d.loaded.rules, LIVE, d.clock, d.metrics, d.log);
    const file = journalFileOf(d.config.dataDir, d.index.district.id);
    const replayed = pipeline.useJournal(file, d.history, await takeOver(d, file));
    cleanups.push(() => pipeline.close());
    if (replayed.records || replayed.fromSnapshot) d.log(`journal: ${replayed.records} record(s) read${replayed.fromSnapshot ? ' behind a snapshot' : ''}, ${pipeline.core.openAlarms().length} open alarm(s) restored`);
    const link = await connectMqtt(d.mqttUrl, d.clientId, pipeline.topics.deviceSubscriptions(), (topic, payload) => pipeline.onMqttMessage(topic, payload), d.clientOptions);
    cleanups.push(() => link.close());
    pipeline.attach(link, { webhookUrl: d.config.notifyWebhookUrl });
    pipeline.republishOpenAlarms();
    let sources: DeviceSources | null = null;
    if (d.config.sourcesFile) {
      sources = await DeviceSources.start({ index: d.index, metrics: d.metrics, now: () => d.clock.now(), log: d.log, mqttUrl: d.mqttUrl, clientOptions: d.clientOptions, clientId: d.clientId, ownBrokerShares: d.config.mqttUrl !== null }, pipeline, readSourcesFile(d.config.sourcesFile));
      cleanups.push(() => sources!.close());
    }
    // Time-driven rules (delays, heartbeats, shelving expiry, escalation) run once a second.
    const ticker = setInterval(() => { if (d.mayAct?.() ?? true) pipeline.tick(); }, d.tickMs ?? 1000);
    cleanups.push(async () => clearInterval(ticker));
    let emulators: RunningEmulators | null = null;
    if (d.config.emulators) {
      emulators = await startEmulators({ brokerUrl: d.mqttUrl, districtId: d.index.district.id, devices: d.loaded.district.devices, root: LIVE, seed: 1, intervalScale: d.emulatorIntervalScale, clientOptions: d.clientOptions });
      cleanups.push(() => emulators!.stop());
    }
    let roomId: string | null = null;
    const openRoom = async () => {
      ({ roomId } = await matchMaker.createRoom('live', serverRoomOptions({})));
      // Closed first on stopping: its clients are told, and join again wherever the live stream went.
      cleanups.push(async () => { await matchMaker.getLocalRoomById(roomId!)?.disconnect(); });
    };
    const keepListed = async () => {
      const room = roomId ? matchMaker.getLocalRoomById(roomId) : undefined;
      if (room && !(await matchMaker.driver.has(room.roomId))) {
        await room.listing.save();
        d.log('live: the live room had been struck off the shared room list (a health check answered late); listed again');
      }
    };
    return { pipeline, link, emulators, sources, openRoom, keepListed, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
