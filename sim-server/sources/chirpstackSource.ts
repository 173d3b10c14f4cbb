// A ChirpStack v4 network server as a device source: its MQTT integration's events (chirpstackEvents.ts) for the
// district's devices whose source is `chirpstack`, known by DevEUI. An uplink's readings — ChirpStack's decoded
// `object` when it already holds the device type's quantity names, else the device model's codec run on `data`
// (codecRunner.ts) — go to the pipeline as the device's own telemetry on its native topic, with fCnt as its
// sequence number and ChirpStack's time as its clock: the same bridge checks, duplicate and late handling, alarm
// engine and CAP as any device. A join or a status event is the device's status. What cannot be taken is refused
// with a reason and counted; an unknown DevEUI is kept for someone to register, not silently dropped.
import type { topicsFor } from '../../bridge/topics';
import { QUANTITIES } from '../../twin-assets/deviceCatalog';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import type { CodecFailure, CodecRunner } from './codecRunner';
import { parseChirpstackEvent } from './chirpstackEvents';

export type SourceRefusal = 'not_parseable' | 'bad_shape' | 'oversized' | 'unknown_identity' | 'other_application' | 'no_codec' | 'not_quantities' | CodecFailure;
export type Taken = { ok: true; deviceId: string | null } | { ok: false; reason: SourceRefusal; detail: string };

export interface SourceDeps {
  index: DistrictIndex; codecs: CodecRunner; topics: ReturnType<typeof topicsFor>;
  /** Hands a native device message to the pipeline (LivePipeline.onMqttMessage). */
  deliver(topic: string, payload: Buffer): void;
  now(): number;
  /** Counts each message: 'taken', or why it was refused. */
  count?(outcome: 'taken' | SourceRefusal): void;
}

export interface UnknownIdentity { applicationId: string; firstAt: number; lastAt: number; count: number }

export class ChirpstackSource {
  /** DevEUIs heard that no device of the district has: for someone to register. */
  readonly unknown = new Map<string, UnknownIdentity>();
  lastAt: number | null = null;
  private readonly byEui = new Map<string, DeviceDef>();

  /** `applicationId`: only this ChirpStack application's devices (else any application's). */
  constructor(readonly id: string, private readonly d: SourceDeps, readonly applicationId: string | null = null) {
    for (const dev of d.index.devices.values()) if (dev.source === 'chirpstack' && dev.externalId) this.byEui.set(dev.externalId, dev);
  }

  /** How many devices of the district this source knows by DevEUI. */
  get devices(): number { return this.byEui.size; }

  async take(topic: string, payload: Buffer): Promise<Taken> {
    const r = await this.handle(topic, payload);
    this.d.count?.(r.ok ? 'taken' : r.reason);
    return r;
  }

  private async handle(topic: string, payload: Buffer): Promise<Taken> {
    const now = this.d.now();
    this.lastAt = now;
    const e = parseChirpstackEvent(topic, payload);
    if (!e.ok) return e;
    if (e.kind === 'ignored') return { ok: true, deviceId: null };
    if (this.applicationId !== null && e.applicationId !== this.applicationId) return { ok: false, reason: 'other_application', detail: `application ${e.applicationId.slice(0, 64)} is not this source's (${this.applicationId})` };
    const device = this.byEui.get(e.devEui);
    if (!device) {
      const seen = this.unknown.get(e.devEui);
      this.unknown.set(e.devEui, { applicationId: e.applicationId, firstAt: seen?.firstAt ?? now, lastAt: now, count: (seen?.count ?? 0) + 1 });
      return { ok: false, reason: 'unknown_identity', detail: `no device of the district has DevEUI ${e.devEui}: register it (source chirpstack, externalId ${e.devEui})` };
    }
    if (e.kind === 'status') {
      this.d.deliver(this.d.topics.status(device.id), Buffer.from(JSON.stringify({ online: true, battery: e.battery })));
      return { ok: true, deviceId: device.id };
    }
    const quantities = QUANTITIES[device.type];
    let readings: Record<string, number | boolean>;
    if (e.object && Object.keys(e.object).length && Object.keys(e.object).every((q) => Object.hasOwn(quantities, q))) readings = e.object as Record<string, number | boolean>;
    else if (device.model) {
      const decoded = await this.d.codecs.decode(device.model, e.data, e.fPort, new Date(e.time ?? now));
      if (!decoded.ok) return { ok: false, reason: decoded.reason, detail: `${device.id} (${device.model}): ${decoded.detail}` };
      readings = decoded.data;
    } else if (e.object) return { ok: false, reason: 'not_quantities', detail: `${device.id}: ChirpStack's decoded object names ${Object.keys(e.object).slice(0, 5).join(', ')}, not a ${device.type}'s quantities, and the device has no model whose codec could decode its bytes` };
    else return { ok: false, reason: 'no_codec', detail: `${device.id}: the uplink carries bytes only and the device has no model (its codec) to decode them` };
    this.d.deliver(this.d.topics.telemetry(device.id), Buffer.from(JSON.stringify({ ...(e.time !== null ? { ts: e.time } : {}), seq: e.fCnt, readings })));
    return { ok: true, deviceId: device.id };
  }
}
