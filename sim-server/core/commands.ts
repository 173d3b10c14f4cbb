// Commands to actuators (close a gas valve, send an elevator down): sent with a reqId, answered by the
// device on `ack`. No answer within the timeout is a device fault. Pure: `now` and the reqId come in (the
// pipeline makes reqIds random, 128 bits: an answer cannot be forged by guessing one).
import type { Actor } from '../../twin-assets/protocol';

export const COMMAND_TIMEOUT_MS = 10_000;
/** A device behind a network server or an IoT platform takes its command when it next reports: a LoRaWAN class A
 * device's downlink waits for its next uplink, an NB-IoT device's cached command for its next wake-up (the twin asks
 * OneNET and CTWing to keep one as long: onenetCommand.ts, ctwingCommand.ts). */
export const PLATFORM_COMMAND_TIMEOUT_MS = 10 * 60_000;
const KEPT_PER_DEVICE = 20;

export interface CommandRecord {
  reqId: string; deviceId: string; cmd: string; by: string; byId: string; sentAt: number;
  state: 'sent' | 'done' | 'refused' | 'timed_out';
  answeredAt: number | null; result: string | null;
}

export class CommandTracker {
  private readonly pending = new Map<string, CommandRecord>();
  private readonly byDevice = new Map<string, CommandRecord[]>();
  /** When each command sent with a timeout of its own times out (else COMMAND_TIMEOUT_MS after it was sent). */
  private readonly deadlines = new Map<string, number>();

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); the rest is built again from the district and the rules. */
  saveState() { return { pending: this.pending, byDevice: this.byDevice, deadlines: this.deadlines }; }
  loadState(s: ReturnType<CommandTracker['saveState']>): void { Object.assign(this, s); }

  send(deviceId: string, cmd: string, by: Actor, now: number, reqId: string, timeoutMs = COMMAND_TIMEOUT_MS): CommandRecord {
    const rec: CommandRecord = { reqId, deviceId, cmd, by: by.name, byId: by.id, sentAt: now, state: 'sent', answeredAt: null, result: null };
    this.pending.set(rec.reqId, rec);
    if (timeoutMs !== COMMAND_TIMEOUT_MS) this.deadlines.set(reqId, now + timeoutMs);
    const list = this.byDevice.get(deviceId) ?? [];
    list.push(rec);
    if (list.length > KEPT_PER_DEVICE) list.shift();
    this.byDevice.set(deviceId, list);
    return { ...rec };
  }

  /** The device's answer; null when it answers nothing we sent (late, or made up). */
  answer(deviceId: string, reqId: string, ok: boolean, result: string | null, now: number): CommandRecord | null {
    const rec = this.pending.get(reqId);
    if (!rec || rec.deviceId !== deviceId) return null;
    this.pending.delete(reqId);
    this.deadlines.delete(reqId);
    Object.assign(rec, { state: ok ? 'done' : 'refused', answeredAt: now, result });
    return { ...rec };
  }

  timedOut(now: number): CommandRecord[] {
    const out: CommandRecord[] = [];
    for (const rec of this.pending.values()) {
      if (now < (this.deadlines.get(rec.reqId) ?? rec.sentAt + COMMAND_TIMEOUT_MS)) continue;
      this.pending.delete(rec.reqId);
      this.deadlines.delete(rec.reqId);
      rec.state = 'timed_out';
      out.push({ ...rec });
    }
    return out;
  }

  of(deviceId: string): CommandRecord[] { return (this.byDevice.get(deviceId) ?? []).map((r) => ({ ...r })); }
}
