// The device sources of the live twin (SOURCES, sourcesFile.ts), started with it: each ChirpStack network server on
// MQTT connections of its own (several sharing the subscription on a broker that can), its events acknowledged once
// taken; each pushing platform (OneNET, CTWing, a webhook) waiting for its POSTs on /api/sources/<kind>/<id>
// (http/sourceRoutes.ts). All share one codec runner.
// `overview()` is what the admin page shows: each source's state, devices, counts, refusals, unknown identities and
// the commands waiting for a platform.
import { connectMqtt, type MqttLink } from '../../bridge/mqttLink';
import type { IClientOptions } from 'mqtt';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { LivePipeline } from '../livePipeline';
import type { Metrics } from '../metrics';
import { UPLINK_SUBSCRIPTION } from './chirpstackEvents';
import { ChirpstackSource } from './chirpstackSource';
import { CodecRunner, loadCodecs } from './codecRunner';
import { CTWING_API_URL, sendCtwingCommand } from './ctwingCommand';
import { ONENET_API_URL, sendOnenetCommand } from './onenetCommand';
import { PushSource, type PlatformCommands, type PushKind } from './pushSource';
import type { SourceDevices, SourceDeps } from './sourceDevices';
import type { SourceConfig } from './sourcesFile';

export interface SourcesDeps {
  index: DistrictIndex; metrics: Metrics; now(): number; log(line: string): void;
  /** The twin's own broker: where a ChirpStack without mqttUrl publishes. */
  mqttUrl: string; clientOptions: IClientOptions; clientId: string;
  /** The twin's own broker is an outside one (MQTT_URL), which takes shared subscriptions; the embedded one does not. */
  ownBrokerShares: boolean;
}

/** Connections a ChirpStack source takes its events on, where the broker shares a subscription among them: each
 * waits for its message to be decoded (in a worker) before the next, so one connection alone would hold the codec
 * round trip against every uplink; the more wait at once, the more the codec runner batches (measured with
 * `npm run bench -- chirpstack`: 4 → 48 %, 8 → 46–64 %, 16 → 59–62 % of the native path's rate). Uplinks of one
 * device may then be taken out of order: its fCnt sorts them (an older one after a newer is late, never applied
 * over it); a device reports every few minutes, so only a flood could reorder them. */
export const CHIRPSTACK_CONNECTIONS = 16;

interface Running { config: SourceConfig; devices: SourceDevices; state(): 'connected' | 'disconnected' | 'listening'; pending(): unknown[] }

/** A platform source's command API, when SOURCES gives its keys, and where it goes (for the start's log). */
function platformCommands(s: SourceConfig, now: () => number): { send: PlatformCommands; to: string } | null {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
  if (s.kind === 'onenet' && s.apiKey && s.commandResource) {
    const api = { apiKey: s.apiKey, apiUrl: s.apiUrl ?? ONENET_API_URL, resource: s.commandResource };
    return { send: (imei, bytes) => sendOnenetCommand(api, imei, hex(bytes), now()), to: `${api.apiUrl} as cache commands on ${api.resource}` };
  }
  if (s.kind === 'ctwing' && s.appKey && s.appSecret && s.masterKey && s.productId) {
    const api = { appKey: s.appKey, appSecret: s.appSecret, masterKey: s.masterKey, productId: s.productId, apiUrl: s.apiUrl ?? CTWING_API_URL };
    return { send: (deviceId, bytes, by) => sendCtwingCommand(api, deviceId, hex(bytes), by, now()), to: `${api.apiUrl} for product ${api.productId}` };
  }
  return null;
}

/** How many unknown identities the overview lists per source (the most recently heard). */
const UNKNOWN_LISTED = 50;

export class DeviceSources {
  private readonly running: Running[] = [];
  private readonly pushed = new Map<string, PushSource>();
  private readonly cleanups: (() => Promise<void>)[] = [];

  private constructor(private readonly codecs: CodecRunner) { this.cleanups.push(() => codecs.close()); }

  static async start(d: SourcesDeps, pipeline: LivePipeline, configs: SourceConfig[]): Promise<DeviceSources> {
    const sources = new DeviceSources(new CodecRunner(loadCodecs()));
    try {
      for (const c of configs) await sources.add(d, pipeline, c);
    } catch (e) { await sources.close(); throw e; }
    return sources;
  }

  private async add(d: SourcesDeps, pipeline: LivePipeline, s: SourceConfig): Promise<void> {
    let link: MqttLink | null = null;
    const deps: SourceDeps = {
      index: d.index, codecs: this.codecs, topics: pipeline.topics, now: d.now,
      deliver: (topic, payload) => pipeline.onMqttMessage(topic, payload),
      count: (outcome) => d.metrics.sourceMessages.inc({ source: s.id, outcome }),
      publish: (topic, payload) => (link ? link.publish(topic, payload, { qos: 1 }) : Promise.reject(new Error('not connected to ChirpStack\'s broker'))),
    };
    if (s.kind === 'chirpstack') {
      const source = new ChirpstackSource(s.id, deps, s.applicationId ?? null);
      const url = s.mqttUrl ?? d.mqttUrl;
      const n = s.mqttUrl || d.ownBrokerShares ? CHIRPSTACK_CONNECTIONS : 1;
      const topic = UPLINK_SUBSCRIPTION(s.applicationId);
      const links: MqttLink[] = [];
      for (let i = 0; i < n; i++) {
        links.push(await connectMqtt(url, `${d.clientId}-${s.id}${n > 1 ? `-${i}` : ''}`, [n > 1 ? `$share/${d.clientId}-${s.id}/${topic}` : topic], (t, payload) => source.take(t, payload),
          s.mqttUrl ? { ...(s.username ? { username: s.username, password: s.password ?? '' } : {}) } : d.clientOptions));
        this.cleanups.push(() => links[i]!.close());
      }
      link = links[0]!;
      pipeline.announcer.routeCommands(source.route);
      this.running.push({ config: s, devices: source.devices, state: () => (links.every((l) => l.connected()) ? 'connected' : 'disconnected'), pending: () => [] });
      d.log(`source ${s.id}: ChirpStack events from ${s.mqttUrl ? url : 'the twin\'s own broker'}${s.applicationId ? `, application ${s.applicationId}` : ''}${n > 1 ? ` on ${n} connections sharing the subscription` : ''}; ${source.devices.size} device(s) of the district have a DevEUI`);
      return;
    }
    const commands = platformCommands(s, d.now);
    const source = new PushSource(s.id, s.kind, s.secret, deps, commands?.send);
    this.pushed.set(`${s.kind}/${s.id}`, source);
    pipeline.announcer.routeCommands(source.route);
    this.running.push({ config: s, devices: source.devices, state: () => 'listening', pending: () => [...source.pending.values()] });
    d.log(`source ${s.id}: ${s.kind} pushes on POST /api/sources/${s.kind}/${s.id}; ${source.devices.size} device(s) of the district are known to it${commands ? `; commands go to ${commands.to}` : ''}`);
  }

  /** The pushing source of this kind and id, if SOURCES has it. */
  push(kind: PushKind, id: string): PushSource | undefined { return this.pushed.get(`${kind}/${id}`); }

  overview() {
    return this.running.map(({ config, devices, state, pending }) => ({
      id: config.id, kind: config.kind, state: state(), devices: devices.size,
      taken: devices.tally.taken, refused: devices.tally.refused, lastAt: devices.tally.lastAt, lastRefusal: devices.tally.lastRefusal,
      unknown: [...devices.unknown].reverse().slice(0, UNKNOWN_LISTED).map(([identity, u]) => ({ identity, ...u })),
      unknownCount: devices.unknown.size,
      pending: pending(),
    }));
  }

  async close(): Promise<void> { for (const c of this.cleanups.reverse()) await c().catch(() => {}); this.cleanups.length = 0; }
}
