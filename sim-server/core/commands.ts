// Commands to actuators (close a gas valve, send an elevator down): sent with a reqId, answered by the
// device on `ack`. No answer within the timeout is a device fault. Pure: `now` and the reqId come in (the
// pipeline makes reqIds random, 128 bits: an answer cannot be forged by guessing one).
import type { Actor } from '../../twin-assets/protocol';

export const COMMAND_TIMEOUT_MS = 10_000;
const KEPT_PER_DEVICE = 20;

export interface CommandRecord {
  reqId: string; deviceId: string; cmd: string; by: string; byId: string; sentAt: number;
  state: 'sent' | 'done' | 'refused' | 'timed_out';
  answeredAt: number | null; result: string | null;
}

export class CommandTracker {
  private readonly pending = new Map<string, CommandRecord>();
  private readonly byDevice = new Map<string, CommandRecord[]>();

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); the rest is built again from the district and the rules. */
  saveState() { return { pending: this.pending, byDevice: this.byDevice }; }
  loadState(s: ReturnType<CommandTracker['saveState']>): void { Object.assign(this, s); }

  send(deviceId: string, cmd: string, by: Actor, now: number, reqId: string): CommandRecord {
    const rec: CommandRecord = { reqId, deviceId, cmd, by: by.name, byId: by.id, sentAt: now, state: 'sent', answeredAt: null, result: null };
    this.pending.set(rec.reqId, rec);
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
    Object.assign(rec, { state: ok ? 'done' : 'refused', answeredAt: now, result });
    return { ...rec };
  }

  timedOut(now: number): CommandRecord[] {
    const out: CommandRecord[] = [];
    for (const rec of this.pending.values()) {
      if (now - rec.sentAt < COMMAND_TIMEOUT_MS) continue;
      this.pending.delete(rec.reqId);
      rec.state = 'timed_out';
      out.push({ ...rec });
    }
    return out;
  }

  of(deviceId: string): CommandRecord[] { return (this.byDevice.get(deviceId) ?? []).map((r) => ({ ...r })); }
}
