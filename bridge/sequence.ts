// Per-device sequence handling. Devices resend (QoS 1 redelivery, flaky links), so a repeated seq is
// dropped; links reorder, so an older seq is tolerated but never applied over a newer reading;
// devices reboot, so a seq that falls far back (or to 0/1) starts a new run. Pure.
export type SeqVerdict = 'new' | 'duplicate' | 'late' | 'restart' | 'unsequenced';

const WINDOW = 64;
const RESTART_GAP = 1000;

export class SequenceTracker {
  private readonly devices = new Map<string, { last: number; seen: Set<number>; order: number[] }>();

  check(deviceId: string, seq: number | null): SeqVerdict {
    if (seq === null) return 'unsequenced';
    let d = this.devices.get(deviceId);
    if (!d) {
      this.devices.set(deviceId, d = { last: seq, seen: new Set([seq]), order: [seq] });
      return 'new';
    }
    if (d.seen.has(seq)) return 'duplicate';
    if (seq < d.last && (seq <= 1 || d.last - seq > RESTART_GAP)) {
      d.last = seq; d.seen = new Set([seq]); d.order = [seq];
      return 'restart';
    }
    d.seen.add(seq);
    d.order.push(seq);
    if (d.order.length > WINDOW) d.seen.delete(d.order.shift()!);
    if (seq < d.last) return 'late';
    d.last = seq;
    return 'new';
  }
}
