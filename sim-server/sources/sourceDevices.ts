// What every device source shares, whatever carries its messages (ChirpStack's MQTT events, an IoT platform's
// HTTP push, a vendor's webhook): the district's devices it knows by their identity there (`externalId`: a DevEUI,
// an IMEI, a platform device id), the identities heard that no device has (kept for someone to register, not
// silently dropped), an uplink's readings (the platform's own decoded quantities when they name the device type's,
// else the device model's codec on the bytes), and the device's messages handed to the pipeline on its native
// topics — so the same bridge checks, duplicate and late handling, alarm engine and CAP apply as to any device.
// Every message is counted, taken or refused with a reason; the figures are what the admin page shows.
import type { topicsFor } from '../../bridge/topics';
import { QUANTITIES } from '../../twin-assets/deviceCatalog';
import { SOURCE_REFUSAL_LABELS, type Text } from '../../twin-assets/labels';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { DeviceDef, SOURCE_KINDS } from '../../twin-assets/districtSchema';
import type { CodecFailure, CodecRunner } from './codecRunner';

export type SourceKind = Exclude<(typeof SOURCE_KINDS)[number], 'native'>;
export type SourceRefusal = 'not_parseable' | 'bad_shape' | 'oversized' | 'bad_signature' | 'unknown_identity' | 'other_application' | 'duplicate' | 'stale' | 'no_codec' | 'not_quantities' | CodecFailure;
// Every reason has its words on the admin page.
SOURCE_REFUSAL_LABELS satisfies Record<SourceRefusal, Text>;
export type Taken = { ok: true; deviceId: string | null } | { ok: false; reason: SourceRefusal; detail: string };

export interface SourceDeps {
  index: DistrictIndex; codecs: CodecRunner; topics: ReturnType<typeof topicsFor>;
  /** Hands a native device message to the pipeline (LivePipeline.onMqttMessage). */
  deliver(topic: string, payload: Buffer): void;
  now(): number;
  /** Counts each message: 'taken', or why it was refused. */
  count?(outcome: 'taken' | SourceRefusal): void;
  /** Publishes on the network server's broker (ChirpStack's downlinks). */
  publish?(topic: string, payload: string): Promise<void>;
}

/** An identity heard that no device of the district has: where (application, product), when, how often. */
export interface UnknownIdentity { where: string; firstAt: number; lastAt: number; count: number }
/** Unknown identities kept, the most recently heard (a flood of made-up ones cannot grow it). */
const UNKNOWN_KEPT = 1000;

/** What an uplink carries: quantities a platform already decoded, and/or the device's bytes for its codec. */
export interface Uplink { object: Record<string, unknown> | null; bytes: Uint8Array | null; fPort: number; time: number | null }

export class SourceDevices {
  readonly unknown = new Map<string, UnknownIdentity>();
  /** Messages taken, refusals by reason, and the last of each: what the admin page shows. */
  readonly tally = { taken: 0, refused: {} as Partial<Record<SourceRefusal, number>>, lastAt: null as number | null, lastRefusal: null as { at: number; reason: SourceRefusal; detail: string } | null };
  private readonly byIdentity = new Map<string, DeviceDef>();

  constructor(readonly kind: SourceKind, readonly d: SourceDeps) {
    for (const dev of d.index.devices.values()) if (dev.source === kind && dev.externalId) this.byIdentity.set(dev.externalId, dev);
  }

  /** How many devices of the district this source knows. */
  get size(): number { return this.byIdentity.size; }
  /** The device with this identity at the source (the first of several a platform may name it by). */
  find(...identities: (string | null | undefined)[]): DeviceDef | undefined {
    for (const id of identities) { const dev = id ? this.byIdentity.get(id) : undefined; if (dev) return dev; }
    return undefined;
  }
  owns(device: DeviceDef | undefined): device is DeviceDef & { externalId: string } {
    return device?.source === this.kind && !!device.externalId && this.byIdentity.get(device.externalId) === device;
  }

  /** Notes an identity no device has, and the refusal saying how to register it. */
  unknownIdentity(identity: string, where: string, label: string): Taken {
    const now = this.d.now();
    const seen = this.unknown.get(identity);
    this.unknown.delete(identity); // kept in the order last heard
    if (this.unknown.size >= UNKNOWN_KEPT) this.unknown.delete(this.unknown.keys().next().value!);
    this.unknown.set(identity, { where, firstAt: seen?.firstAt ?? now, lastAt: now, count: (seen?.count ?? 0) + 1 });
    return { ok: false, reason: 'unknown_identity', detail: `no device of the district has ${label} ${identity}: register it (source ${this.kind}, externalId ${identity})` };
  }

  /** The uplink as the device type's quantities: the platform's own when they are, else the model's codec's. */
  async readings(device: DeviceDef, up: Uplink): Promise<{ ok: true; readings: Record<string, number | boolean> } | Extract<Taken, { ok: false }>> {
    const quantities = QUANTITIES[device.type];
    const object = up.object && Object.keys(up.object).length ? up.object : null;
    if (object && Object.keys(object).every((q) => Object.hasOwn(quantities, q))) return { ok: true, readings: object as Record<string, number | boolean> };
    if (device.model && up.bytes) {
      const decoded = await this.d.codecs.decode(device.model, up.bytes, up.fPort, new Date(up.time ?? this.d.now()));
      if (!decoded.ok) return { ok: false, reason: decoded.reason, detail: `${device.id} (${device.model}): ${decoded.detail}` };
      return { ok: true, readings: decoded.data };
    }
    if (object) return { ok: false, reason: 'not_quantities', detail: `${device.id}: the decoded values name ${Object.keys(object).slice(0, 5).join(', ')}, not a ${device.type}'s quantities, and ${device.model ? 'no bytes came for its codec' : 'the device has no model whose codec could decode its bytes'}` };
    return { ok: false, reason: 'no_codec', detail: `${device.id}: the uplink carries bytes only and the device has no model (its codec) to decode them` };
  }

  telemetry(device: DeviceDef, readings: Record<string, number | boolean>, seq: number | null, ts: number | null): void {
    this.d.deliver(this.d.topics.telemetry(device.id), Buffer.from(JSON.stringify({ ...(ts !== null ? { ts } : {}), ...(seq !== null ? { seq } : {}), readings })));
  }
  status(device: DeviceDef, online: boolean, battery: number | null = null): void {
    this.d.deliver(this.d.topics.status(device.id), Buffer.from(JSON.stringify({ online, ...(battery !== null ? { battery } : {}) })));
  }
  /** A command's answer, as the device's own would come. */
  answer(deviceId: string, reqId: string, ok: boolean, result: string): void {
    this.d.deliver(this.d.topics.ack(deviceId), Buffer.from(JSON.stringify({ reqId, ok, result })));
  }

  /** Counts a message's outcome (metrics and the admin page's figures). */
  count(r: Taken): Taken {
    const at = this.d.now();
    if (r.ok) { this.tally.taken++; this.tally.lastAt = at; } else {
      this.tally.refused[r.reason] = (this.tally.refused[r.reason] ?? 0) + 1;
      this.tally.lastRefusal = { at, reason: r.reason, detail: r.detail.slice(0, 300) };
    }
    this.d.count?.(r.ok ? 'taken' : r.reason);
    return r;
  }
}
