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
import type { DeviceDef } from '../../twin-assets/districtSchema';
import { randomUUID } from 'node:crypto';
import { downlinkTopic, parseChirpstackEvent } from './chirpstackEvents';
import { SourceDevices, type SourceDeps, type Taken } from './sourceDevices';

/** A downlink queued and not yet answered: its queue item id → the command it carries. */
interface Queued { deviceId: string; devEui: string; reqId: string }
const QUEUED_KEPT = 1000;

export class ChirpstackSource {
  readonly devices: SourceDevices;
  private readonly queued = new Map<string, Queued>();
  /** The last application each device was heard in: where its downlinks go (else the source's). */
  private readonly applicationOf = new Map<string, string>();

  /** `applicationId`: only this ChirpStack application's devices (else any application's). */
  constructor(readonly id: string, private readonly d: SourceDeps, readonly applicationId: string | null = null) {
    this.devices = new SourceDevices('chirpstack', d);
  }

  /** The announcer's route for commands (Announcer.routeCommands): this source's devices' commands become downlinks. */
  readonly route = (deviceId: string, body: { cmd: string; reqId: string }): boolean => {
    const device = this.d.index.devices.get(deviceId);
    if (!this.devices.owns(device) || !this.d.publish) return false;
    void this.downlink(device, body.cmd, body.reqId);
    return true;
  };

  private async downlink(device: DeviceDef & { externalId: string }, cmd: string, reqId: string): Promise<void> {
    const refuse = (why: string) => this.devices.answer(device.id, reqId, false, why);
    if (!device.model) return refuse(`${device.id} has no model whose codec could encode "${cmd}"`);
    const encoded = await this.d.codecs.encode(device.model, { cmd });
    if (!encoded.ok) return refuse(`${device.model} cannot encode "${cmd}": ${encoded.detail}`);
    const application = this.applicationOf.get(device.id) ?? this.applicationId;
    if (!application) return refuse(`${device.id} has not been heard from yet: its ChirpStack application is not known`);
    const id = randomUUID();
    this.queued.set(id, { deviceId: device.id, devEui: device.externalId, reqId });
    if (this.queued.size > QUEUED_KEPT) this.queued.delete(this.queued.keys().next().value!);
    const command = { id, devEui: device.externalId, confirmed: true, fPort: encoded.fPort, data: Buffer.from(encoded.bytes).toString('base64') };
    await this.d.publish!(downlinkTopic(application, device.externalId), JSON.stringify(command)).catch((e: Error) => { this.queued.delete(id); refuse(`the downlink could not be queued: ${e.message}`); });
  }

  /** ChirpStack's ack for a queued downlink: the command's answer (a nack or a timeout is a refusal). */
  private answered(devEui: string, queueItemId: string, acknowledged: boolean): Taken {
    const q = this.queued.get(queueItemId);
    if (!q || q.devEui !== devEui) return { ok: true, deviceId: null };
    this.queued.delete(queueItemId);
    this.devices.answer(q.deviceId, q.reqId, acknowledged, acknowledged ? 'acknowledged by the device (LoRaWAN confirmed downlink)' : 'not acknowledged by the device');
    return { ok: true, deviceId: q.deviceId };
  }

  async take(topic: string, payload: Buffer): Promise<Taken> {
    return this.devices.count(await this.handle(topic, payload));
  }

  private async handle(topic: string, payload: Buffer): Promise<Taken> {
    const e = parseChirpstackEvent(topic, payload);
    if (!e.ok) return e;
    if (e.kind === 'ignored') return { ok: true, deviceId: null };
    if (e.kind === 'ack') return this.answered(e.devEui, e.queueItemId, e.acknowledged);
    if (this.applicationId !== null && e.applicationId !== this.applicationId) return { ok: false, reason: 'other_application', detail: `application ${e.applicationId.slice(0, 64)} is not this source's (${this.applicationId})` };
    const device = this.devices.find(e.devEui);
    if (!device) return this.devices.unknownIdentity(e.devEui, e.applicationId, 'DevEUI');
    this.applicationOf.set(device.id, e.applicationId);
    if (e.kind === 'status') {
      this.devices.status(device, true, e.battery);
      return { ok: true, deviceId: device.id };
    }
    const r = await this.devices.readings(device, { object: e.object, bytes: e.data, fPort: e.fPort, time: e.time });
    if (!r.ok) return r;
    this.devices.telemetry(device, r.readings, e.fCnt, e.time);
    return { ok: true, deviceId: device.id };
  }
}
