// The twin's picture of each device: last readings, link status, and what to show for it.
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { AlarmJson } from '../../twin-assets/protocol';
import { levelRank } from '../../twin-assets/protocol';
import type { DeviceStatus, Reading } from '../../bridge/reading';

/** Samples kept per device for its time-series plot. */
export const SERIES_LENGTH = 120;

export interface Sample { ts: number; readings: Record<string, number | boolean> }

export interface DeviceState {
  id: string;
  online: boolean | null;
  battery: number | null;
  lastSeq: number | null;
  lastTs: number | null;
  updatedAt: number | null;
  /** When the twin last heard from the device (a reading or a status), on the twin's clock; kept across restarts. */
  lastHeard: number | null;
  readings: Record<string, number | boolean>;
}

/** What the 3D view colours a device by. */
export type DeviceDisplay = 'normal' | 'offline' | 'alarm_unacked' | 'alarm_acked' | 'rtn_unacked';

export class DeviceTwin {
  private readonly states = new Map<string, DeviceState>();
  /** A ring buffer of samples per device; `next` is where the next sample goes. */
  private readonly series = new Map<string, { samples: Sample[]; next: number }>();

  constructor(index: DistrictIndex) {
    for (const id of index.devices.keys()) {
      this.states.set(id, { id, online: null, battery: null, lastSeq: null, lastTs: null, updatedAt: null, lastHeard: null, readings: {} });
    }
  }

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); the rest is built again from the district and the rules. */
  saveState() {
    // Only devices heard from: the rest are as the constructor made them (on the full street, most of ten thousand).
    return { heard: [...this.states.values()].filter((s) => s.lastHeard !== null), series: this.series };
  }
  loadState({ heard, series }: ReturnType<DeviceTwin['saveState']>): void {
    for (const s of heard) this.states.set(s.id, s);
    Object.assign(this, { series });
  }

  applyReading(deviceId: string, reading: Reading, now: number): void {
    const s = this.states.get(deviceId);
    if (!s) return;
    Object.assign(s.readings, reading.readings);
    let ring = this.series.get(deviceId);
    if (!ring) this.series.set(deviceId, ring = { samples: [], next: 0 });
    ring.samples[ring.next] = { ts: reading.ts, readings: reading.readings };
    ring.next = (ring.next + 1) % SERIES_LENGTH;
    s.lastSeq = reading.seq;
    s.lastTs = reading.ts;
    s.updatedAt = now;
    s.lastHeard = now;
  }

  applyStatus(deviceId: string, status: DeviceStatus, now: number): boolean {
    const s = this.states.get(deviceId);
    if (!s) return false;
    const changed = s.online !== status.online;
    s.online = status.online;
    if (status.battery !== null) s.battery = status.battery;
    s.updatedAt = now;
    s.lastHeard = now;
    return changed;
  }

  lastHeardAll(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.states.values()) if (s.lastHeard !== null) out[s.id] = s.lastHeard;
    return out;
  }

  restoreHeard(lastHeard: Record<string, number>): void {
    for (const [id, at] of Object.entries(lastHeard)) {
      const s = this.states.get(id);
      if (s && s.lastHeard === null) s.lastHeard = at;
    }
  }

  /** The latest samples, oldest first. */
  seriesOf(deviceId: string): Sample[] {
    const ring = this.series.get(deviceId);
    if (!ring) return [];
    return ring.samples.length < SERIES_LENGTH ? [...ring.samples] : [...ring.samples.slice(ring.next), ...ring.samples.slice(0, ring.next)];
  }

  /** The state as it is, for reading on the spot (`get` gives a copy to keep). */
  peek(deviceId: string): Readonly<DeviceState> | undefined { return this.states.get(deviceId); }

  get(deviceId: string): DeviceState | undefined {
    const s = this.states.get(deviceId);
    return s ? { ...s, readings: { ...s.readings } } : undefined;
  }
}

/** The display of a device given its open alarms: the most severe unacknowledged one wins. */
export function deviceDisplay(state: Readonly<DeviceState> | undefined, openAlarms: readonly AlarmJson[]): { display: DeviceDisplay; level: string } {
  if (openAlarms.length > 0) {
    const worst = [...openAlarms].sort((a, b) =>
      Number(b.state === 'active_unacked') - Number(a.state === 'active_unacked') || levelRank(b.level) - levelRank(a.level))[0]!;
    const display: DeviceDisplay = worst.state === 'active_unacked' ? 'alarm_unacked'
      : worst.state === 'rtn_unacked' ? 'rtn_unacked' : 'alarm_acked';
    return { display, level: worst.level };
  }
  return { display: state?.online === false ? 'offline' : 'normal', level: '' };
}
