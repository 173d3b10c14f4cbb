// A ChirpStack v4 network server as a device source: its MQTT integration's events (chirpstackEvents.ts) for the
// district's devices whose source is `chirpstack`, known by DevEUI. An uplink's readings — ChirpStack's decoded
// `object` when it already holds the device type's quantity names, else the device model's codec run on `data`
// (codecRunner.ts) — go to the pipeline as the device's own telemetry on its native topic, with fCnt as its
// sequence number and ChirpStack's time as its clock: the same bridge checks, duplicate and late handling, alarm
// engine and CAP as any device. A join or a status event is the device's status. What cannot be taken is refused
// with a reason and counted; an unknown DevEUI is kept for someone to register, not silently dropped.
// Commands go back the same way: the model's codec encodes one into a confirmed downlink, queued on
// `…/command/down` under an id of its own; ChirpStack's ack event for that id (the device acknowledged it, or it
// timed out) is the command's answer, handed to the pipeline as the device's own answer would be.
import type { topicsFor } from '../../bridge/topics';
import { QUANTITIES } from '../../twin-assets/deviceCatalog';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { DeviceDef } from '../../twin-assets/districtSchema';
import type { CodecFailure, CodecRunner } from './codecRunner';
import { randomUUID } from 'node:crypto';
import { downlinkTopic, parseChirpstackEvent } from './chirpstackEvents';

export type SourceRefusal = 'not_parseable' | 'bad_shape' | 'oversized' | 'unknown_identity' | 'other_application' | 'no_codec' | 'not_quantities' | CodecFailure;
export type Taken = { ok: true; deviceId: string | null } | { ok: false; reason: SourceRefusal; detail: string };

export interface SourceDeps {
  index: DistrictIndex; codecs: CodecRunner; topics: ReturnType<typeof topicsFor>;
  /** Hands a native device message to the pipeline (LivePipeline.onMqttMessage). */
  deliver(topic: string, payload: Buffer): void;
  now(): number;
  /** Counts each message: 'taken', or why it was refused. */
  count?(outcome: 'taken' | SourceRefusal): void;
  /** Publishes on the network server's broker (downlinks). */
  publish?(topic: string, payload: string): Promise<void>;
}

/** A downlink queued and not yet answered: its queue item id → the command it carries. */
interface Queued { deviceId: string; devEui: string; reqId: string }
const QUEUED_KEPT = 1000;
/** Unknown DevEUIs kept for registering, the most recently heard (a flood of made-up ones cannot grow it). */
const UNKNOWN_KEPT = 1000;

export interface UnknownIdentity { applicationId: string; firstAt: number; lastAt: number; count: number }

export class ChirpstackSource {
  /** DevEUIs heard that no device of the district has: for someone to register. */
  readonly unknown = new Map<string, UnknownIdentity>();
  private readonly byEui = new Map<string, DeviceDef>();
  private readonly queued = new Map<string, Queued>();
  /** The last application each device was heard in: where its downlinks go (else the source's). */
  private readonly applicationOf = new Map<string, string>();

  /** `applicationId`: only this ChirpStack application's devices (else any application's). */
  constructor(readonly id: string, private readonly d: SourceDeps, readonly applicationId: string | null = null) {
    for (const dev of d.index.devices.values()) if (dev.source === 'chirpstack' && dev.externalId) this.byEui.set(dev.externalId, dev);
  }

  /** How many devices of the district this source knows by DevEUI. */
  get devices(): number { return this.byEui.size; }

  /** The announcer's route for commands (Announcer.routeCommands): this source's devices' commands become downlinks. */
  readonly route = (deviceId: string, body: { cmd: string; reqId: string }): boolean => {
    const device = this.d.index.devices.get(deviceId);
    if (device?.source !== 'chirpstack' || !device.externalId || !this.byEui.has(device.externalId) || !this.d.publish) return false;
    void this.downlink(device, body.cmd, body.reqId);
    return true;
  };

  private async downlink(device: DeviceDef, cmd: string, reqId: string): Promise<void> {
    const refuse = (why: string) => this.answer(device.id, reqId, false, why);
    if (!device.model) return refuse(`${device.id} has no model whose codec could encode "${cmd}"`);
    const encoded = await this.d.codecs.encode(device.model, { cmd });
    if (!encoded.ok) return refuse(`${device.model} cannot encode "${cmd}": ${encoded.detail}`);
    const application = this.applicationOf.get(device.id) ?? this.applicationId;
    if (!application) return refuse(`${device.id} has not been heard from yet: its ChirpStack application is not known`);
    const id = randomUUID();
    this.queued.set(id, { deviceId: device.id, devEui: device.externalId!, reqId });
    if (this.queued.size > QUEUED_KEPT) this.queued.delete(this.queued.keys().next().value!);
    const command = { id, devEui: device.externalId, confirmed: true, fPort: encoded.fPort, data: Buffer.from(encoded.bytes).toString('base64') };
    await this.d.publish!(downlinkTopic(application, device.externalId!), JSON.stringify(command)).catch((e: Error) => { this.queued.delete(id); refuse(`the downlink could not be queued: ${e.message}`); });
  }

  /** ChirpStack's ack for a queued downlink: the command's answer (a nack or a timeout is a refusal). */
  private answered(devEui: string, queueItemId: string, acknowledged: boolean): Taken {
    const q = this.queued.get(queueItemId);
    if (!q || q.devEui !== devEui) return { ok: true, deviceId: null };
    this.queued.delete(queueItemId);
    this.answer(q.deviceId, q.reqId, acknowledged, acknowledged ? 'acknowledged by the device (LoRaWAN confirmed downlink)' : 'not acknowledged by the device');
    return { ok: true, deviceId: q.deviceId };
  }

  private answer(deviceId: string, reqId: string, ok: boolean, result: string): void {
    this.d.deliver(this.d.topics.ack(deviceId), Buffer.from(JSON.stringify({ reqId, ok, result })));
  }

  async take(topic: string, payload: Buffer): Promise<Taken> {
    const r = await this.handle(topic, payload);
    this.d.count?.(r.ok ? 'taken' : r.reason);
    return r;
  }

  private async handle(topic: string, payload: Buffer): Promise<Taken> {
    const now = this.d.now();
    const e = parseChirpstackEvent(topic, payload);
    if (!e.ok) return e;
    if (e.kind === 'ignored') return { ok: true, deviceId: null };
    if (e.kind === 'ack') return this.answered(e.devEui, e.queueItemId, e.acknowledged);
    if (this.applicationId !== null && e.applicationId !== this.applicationId) return { ok: false, reason: 'other_application', detail: `application ${e.applicationId.slice(0, 64)} is not this source's (${this.applicationId})` };
    const device = this.byEui.get(e.devEui);
    if (!device) {
      const seen = this.unknown.get(e.devEui);
      this.unknown.delete(e.devEui); // kept in the order last heard
      if (this.unknown.size >= UNKNOWN_KEPT) this.unknown.delete(this.unknown.keys().next().value!);
      this.unknown.set(e.devEui, { applicationId: e.applicationId, firstAt: seen?.firstAt ?? now, lastAt: now, count: (seen?.count ?? 0) + 1 });
      return { ok: false, reason: 'unknown_identity', detail: `no device of the district has DevEUI ${e.devEui}: register it (source chirpstack, externalId ${e.devEui})` };
    }
    this.applicationOf.set(device.id, e.applicationId);
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
