// The device sources of the live twin (SOURCES, sourcesFile.ts), started with it: each ChirpStack network server on
// an MQTT connection of its own, its events acknowledged once taken; each pushing platform (OneNET, CTWing, a
// webhook) waiting for its POSTs on /api/sources/<kind>/<id> (http/sourceRoutes.ts). All share one codec runner.
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
import { PushSource, type PushKind } from './pushSource';
import type { SourceDevices, SourceDeps } from './sourceDevices';
import type { SourceConfig } from './sourcesFile';

export interface SourcesDeps {
  index: DistrictIndex; metrics: Metrics; now(): number; log(line: string): void;
  /** The twin's own broker: where a ChirpStack without mqttUrl publishes. */
  mqttUrl: string; clientOptions: IClientOptions; clientId: string;
}

interface Running { config: SourceConfig; devices: SourceDevices; state(): 'connected' | 'disconnected' | 'listening'; pending(): unknown[] }

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
      link = await connectMqtt(url, `${d.clientId}-${s.id}`, [UPLINK_SUBSCRIPTION(s.applicationId)], (topic, payload) => source.take(topic, payload),
        s.mqttUrl ? { ...(s.username ? { username: s.username, password: s.password ?? '' } : {}) } : d.clientOptions);
      this.cleanups.push(() => link!.close());
      pipeline.announcer.routeCommands(source.route);
      this.running.push({ config: s, devices: source.devices, state: () => (link!.connected() ? 'connected' : 'disconnected'), pending: () => [] });
      d.log(`source ${s.id}: ChirpStack events from ${s.mqttUrl ? url : 'the twin\'s own broker'}${s.applicationId ? `, application ${s.applicationId}` : ''}; ${source.devices.size} device(s) of the district have a DevEUI`);
      return;
    }
    const source = new PushSource(s.id, s.kind, s.secret, deps);
    this.pushed.set(`${s.kind}/${s.id}`, source);
    pipeline.announcer.routeCommands(source.route);
    this.running.push({ config: s, devices: source.devices, state: () => 'listening', pending: () => [...source.pending.values()] });
    d.log(`source ${s.id}: ${s.kind} pushes on POST /api/sources/${s.kind}/${s.id}; ${source.devices.size} device(s) of the district are known to it`);
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
