// An IoT platform that pushes its devices' messages over HTTP (OneNET, CTWing, a vendor's webhook) as a device
// source: the request read by its kind's reader, which checks the signature first (onenetPush.ts, ctwingPush.ts,
// webhookPush.ts); each message then matched to a device of the district by the identities it names, checked
// against the messages already taken (a platform's retry or a replayed request is refused as a duplicate, one
// older than the replay window as stale), and handed to the pipeline as the device's own (sourceDevices.ts).
// The platform is answered 200 once every message is taken or refused for good — its retries could not do better —
// and 503 while the codecs are too busy to decode one (flow control: it sends again, and nothing is lost).
// Commands for its devices are pending here, listed on the admin page and tracked by the core to their answer or
// their timeout: a webhook's answer to each push hands them to the vendor's platform, which answers each by its
// reqId; with the platform's API keys, a OneNET or CTWing device's command goes out through the platform's command
// API (onenetCommand.ts, ctwingCommand.ts) with the codec's bytes, and the platform's command-result push, naming
// the id its API gave, closes it. Without the keys it waits, listed, until it times out.
import type { DeviceDef } from '../../twin-assets/districtSchema';
import { readCtwingPush } from './ctwingPush';
import { readOnenetPush } from './onenetPush';
import type { PushMessage, PushRead, PushRequest, BadMessage } from './pushMessage';
import { SourceDevices, type SourceDeps, type Taken } from './sourceDevices';
import { readWebhookPush } from './webhookPush';

export type PushKind = 'onenet' | 'ctwing' | 'webhook';
const READERS: Record<PushKind, (secret: string, req: PushRequest) => PushRead> = { onenet: readOnenetPush, ctwing: readCtwingPush, webhook: readWebhookPush };
const IDENTITY_LABEL: Record<PushKind, string> = { onenet: 'IMEI or OneNET dev_id', ctwing: 'IMEI or CTWing deviceId', webhook: 'externalId' };

/** Messages a platform sends again within this window are duplicates; older ones are stale. */
export const REPLAY_WINDOW_MS = 60 * 60_000;

/** The messages taken within the replay window, by key. When more than `max` must be kept, the oldest go and
 * everything no newer than them becomes stale: a replay is never taken because its key was forgotten. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private horizon = -Infinity;
  constructor(private readonly windowMs = REPLAY_WINDOW_MS, private readonly max = 200_000) {}

  check(key: string, at: number, now: number): 'new' | 'duplicate' | 'stale' {
    if (this.seen.has(key)) return 'duplicate';
    return at <= Math.max(this.horizon, now - this.windowMs) ? 'stale' : 'new';
  }

  forget(key: string): void { this.seen.delete(key); }

  remember(key: string, at: number, now: number): void {
    this.seen.set(key, at);
    for (const [k, t] of this.seen) {
      const full = this.seen.size > this.max;
      if (!full && t > now - this.windowMs) break;
      this.seen.delete(k);
      if (full) this.horizon = Math.max(this.horizon, t);
    }
  }
}

/** A command waiting for the platform to carry it to the device; `platformId`: the platform's id for it once sent
 * (OneNET's uuid, CTWing's commandId; a webhook's is the reqId), null while it waits. */
export interface PendingCommand { reqId: string; deviceId: string; cmd: string; at: number; fPort: number | null; data: string | null; platformId: string | null }
const PENDING_KEPT = 1000;

export interface PushAnswer { status: number; body: Record<string, unknown> }

/** What a platform's command API answered: its id for the command (its answer push names it), or why not. */
export type PlatformSent = { ok: true; id: string } | { ok: false; error: string };
/** How long a platform's command API has to answer before the command is refused as unreachable. */
export const PLATFORM_ANSWER_MS = 15_000;
/** A platform's command API: the codec's bytes to the device the platform knows as `address`. */
export type PlatformCommands = (address: string, bytes: Uint8Array, operator: string) => Promise<PlatformSent>;

export class PushSource {
  readonly devices: SourceDevices;
  readonly replay = new ReplayGuard();
  readonly pending = new Map<string, PendingCommand>();
  /** The id each device's platform addresses it by, where it differs from its externalId (CTWing's deviceId for
   * a device registered by IMEI), as its pushes give it. */
  private readonly addresses = new Map<string, string>();

  /** `commands`: the platform's command API, when the source has its keys (else commands wait here). */
  constructor(readonly id: string, readonly kind: PushKind, readonly secret: string, private readonly d: SourceDeps, private readonly commands: PlatformCommands | null = null) {
    this.devices = new SourceDevices(kind, d);
  }

  /** The announcer's route for commands: this source's devices' commands wait here for the platform. */
  readonly route = (deviceId: string, body: { cmd: string; reqId: string; by: string }): boolean => {
    const device = this.d.index.devices.get(deviceId);
    if (!this.devices.owns(device)) return false;
    void this.hold(device, body.cmd, body.reqId, body.by);
    return true;
  };

  private async hold(device: DeviceDef & { externalId: string }, cmd: string, reqId: string, by: string): Promise<void> {
    // The model's codec gives the bytes when it can; a platform that knows the command by name does without.
    const encoded = device.model ? await this.d.codecs.encode(device.model, { cmd }) : null;
    const c: PendingCommand = { reqId, deviceId: device.id, cmd, at: this.d.now(), fPort: encoded?.ok ? encoded.fPort : null, data: encoded?.ok ? Buffer.from(encoded.bytes).toString('base64') : null, platformId: this.kind === 'webhook' ? reqId : null };
    if (this.commands) {
      if (!encoded?.ok) return this.devices.answer(device.id, reqId, false, `${device.model ?? device.id} cannot encode "${cmd}"${encoded && !encoded.ok ? `: ${encoded.detail}` : ''}`);
      const sent = await this.commands(this.addresses.get(device.id) ?? device.externalId, encoded.bytes, by);
      if (!sent.ok) return this.devices.answer(device.id, reqId, false, sent.error);
      c.platformId = sent.id;
    }
    this.pending.set(reqId, c);
    if (this.pending.size > PENDING_KEPT) this.pending.delete(this.pending.keys().next().value!);
  }

  async take(req: PushRequest): Promise<PushAnswer> {
    const read = READERS[this.kind](this.secret, req);
    if (!read.ok) {
      this.devices.count(read);
      return { status: read.status, body: { error: read.detail } };
    }
    const outcomes: Taken[] = [];
    const named = new Set<string>();
    for (const m of read.messages) {
      const r = this.devices.count(await this.one(m));
      if (r.ok && r.deviceId) named.add(r.deviceId);
      outcomes.push(r);
    }
    const refusals = outcomes.flatMap((r) => (r.ok ? [] : [{ reason: r.reason, detail: r.detail }]));
    if (refusals.some((r) => r.reason === 'codec_busy')) return { status: 503, body: { error: 'too busy decoding to take every message: send it again shortly (the ones taken are not taken twice)' } };
    const commands = this.kind === 'webhook' ? [...this.pending.values()].filter((c) => named.has(c.deviceId)) : undefined;
    return { status: 200, body: { ok: true, taken: outcomes.length - refusals.length, refused: refusals, ...(commands ? { commands } : {}) } };
  }

  private async one(m: PushMessage | BadMessage): Promise<Taken> {
    if (m.kind === 'bad') return { ok: false, reason: m.reason, detail: m.detail };
    const device = this.devices.find(...m.identities);
    if (!device) return this.devices.unknownIdentity(m.identities[0] ?? '?', m.where, IDENTITY_LABEL[this.kind]);
    const now = this.d.now();
    const at = m.at ?? now;
    const seen = this.replay.check(m.key, at, now);
    if (seen === 'duplicate') return { ok: false, reason: 'duplicate', detail: `${device.id}: this message was taken before (a retry or a replay)` };
    if (seen === 'stale') return { ok: false, reason: 'stale', detail: `${device.id}: the message is from ${new Date(at).toISOString()}, older than the replay window (${REPLAY_WINDOW_MS / 60_000} min)` };
    // Noted before it is delivered, so the same message in a push arriving meanwhile is a duplicate; forgotten
    // again when the codecs were too busy to take it (the platform sends it again).
    this.replay.remember(m.key, at, now);
    if (m.address) this.addresses.set(device.id, m.address);
    const r = await this.deliver(device, m);
    if (!r.ok && r.reason === 'codec_busy') this.replay.forget(m.key);
    return r;
  }

  private async deliver(device: DeviceDef, m: PushMessage): Promise<Taken> {
    if (m.kind === 'status') this.devices.status(device, m.online, m.battery);
    else if (m.kind === 'answer') {
      const c = [...this.pending.values()].find((p) => p.platformId === m.commandId && p.deviceId === device.id);
      if (!c) return { ok: true, deviceId: null }; // a command this twin did not send, or one answered already
      this.pending.delete(c.reqId);
      this.devices.answer(device.id, c.reqId, m.ok, m.result);
    } else {
      const r = await this.devices.readings(device, m.up);
      if (!r.ok) return r;
      this.devices.telemetry(device, r.readings, m.seq, m.at);
    }
    return { ok: true, deviceId: device.id };
  }
}
