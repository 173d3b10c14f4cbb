// Per-device sequence handling. Devices resend (QoS 1 redelivery), links reorder, devices reboot, and a
// glitch or a spoof can make a counter jump. A duplicate is the same device, seq and device ts; an older
// seq within the window is late (never applied over a newer reading); anything else that does not fit —
// a lower seq with a newer device clock or back at 0/1 (a reboot), or a seq far behind the last (after a jump) —
// re-bases the device's window, so one odd reading can never starve the real ones. Pure.
export type SeqVerdict = 'new' | 'duplicate' | 'late' | 'rebased' | 'unsequenced';

/** How far behind the newest seq a reading may arrive and still count as reordered. */
export const SEQ_WINDOW = 64;

interface Seen { last: number; lastTs: number; ts: Map<number, number>; order: number[] }

export class SequenceTracker {
  private readonly devices = new Map<string, Seen>();

  /** For a drill's kernel snapshot. */
  saveState() { return { devices: this.devices }; }
  loadState(s: ReturnType<SequenceTracker['saveState']>): void { Object.assign(this, s); }

  /** `deviceTs` is the device's own clock, or null when it sent none (arrival time orders nothing). */
  check(deviceId: string, seq: number | null, deviceTs: number | null): SeqVerdict {
    if (seq === null) return 'unsequenced';
    const d = this.devices.get(deviceId);
    if (!d) { this.devices.set(deviceId, fresh(seq, deviceTs)); return 'new'; }
    const seenTs = d.ts.get(seq);
    const newerClock = deviceTs !== null && deviceTs > d.lastTs;
    if (seenTs !== undefined && (deviceTs === null || seenTs === deviceTs)) return 'duplicate';
    if (seq > d.last) { remember(d, seq, deviceTs); d.last = seq; return 'new'; }
    // A counter back at 0 or 1 is a reboot even without a clock to tell by.
    if (newerClock || seq <= 1 || d.last - seq > SEQ_WINDOW) { this.devices.set(deviceId, fresh(seq, deviceTs)); return 'rebased'; }
    if (seenTs !== undefined) return 'late'; // the same number from before a reboot, arriving late
    remember(d, seq, deviceTs);
    return 'late';
  }
}

const fresh = (seq: number, ts: number | null): Seen => ({ last: seq, lastTs: ts ?? -Infinity, ts: new Map([[seq, ts ?? -1]]), order: [seq] });

function remember(d: Seen, seq: number, ts: number | null): void {
  d.ts.set(seq, ts ?? -1);
  d.order.push(seq);
  if (ts !== null && ts > d.lastTs) d.lastTs = ts;
  if (d.order.length > SEQ_WINDOW) d.ts.delete(d.order.shift()!);
}
