// A device's message into a twin core, once for the live path (livePipeline.ts) and a drill's kernel
// (drill/incident.ts): decoded by the bridge (JSON or MessagePack, checked against the device's type), a
// duplicate or late reading dropped by its sequence, then taken by the core. Callers differ only in what
// they do around it: the live path counts it in /metrics and feeds the readings history; a drill tells the
// refusal back to whoever sent it.
import { interpretDeviceMessage, type DeviceRegistry, type Interpreted } from '../bridge/interpret';
import { SequenceTracker } from '../bridge/sequence';
import type { TopicRoot } from '../bridge/topics';
import type { DistrictIndex } from '../twin-assets/districtIndex';
import type { TwinCore, TwinEvent } from './core/twinCore';

export type Ingested =
  | { ok: true; message: Exclude<Extract<Interpreted, { ok: true }>, { kind: 'ignored' }>; events: TwinEvent[]; rebased: boolean }
  | { ok: true; message: { kind: 'ignored' }; events: []; rebased: false }
  /** Refused by the bridge (bad payload, unknown device…). */
  | { ok: false; why: 'rejected'; reason: string; detail: string; deviceId?: string }
  /** A reading seen before, or older than one taken. */
  | { ok: false; why: 'duplicate' | 'late' }
  /** A topic of another twin's tree (another drill's). */
  | { ok: false; why: 'elsewhere' };

export class DeviceIngest {
  private readonly registry: DeviceRegistry;
  private readonly sequences = new SequenceTracker();

  /** `root`: the only tree taken (a drill's); without, whatever the caller subscribed to. */
  constructor(index: DistrictIndex, private readonly core: TwinCore, private readonly root?: TopicRoot) {
    this.registry = { districtId: index.district.id, typeOf: (id) => index.devices.get(id)?.type };
  }

  /** For a drill's kernel snapshot: the sequences seen (the registry is the district's). */
  saveState() { return this.sequences.saveState(); }
  loadState(s: ReturnType<DeviceIngest['saveState']>): void { this.sequences.loadState(s); }

  /** `trusted`: a reading the kernel made itself, numbered by it: no sequence to check. */
  take(topic: string, payload: Buffer, now: number, opts: { trusted?: boolean } = {}): Ingested {
    const m = interpretDeviceMessage(this.registry, topic, payload, now);
    if (!m.ok) return { ok: false, why: 'rejected', reason: m.reason, detail: m.detail, ...(m.deviceId !== undefined ? { deviceId: m.deviceId } : {}) };
    if (m.kind === 'ignored') return { ok: true, message: m, events: [], rebased: false };
    if (this.root && (m.root.kind !== this.root.kind || (m.root.kind === 'drill' && this.root.kind === 'drill' && m.root.drillId !== this.root.drillId))) return { ok: false, why: 'elsewhere' };
    if (m.kind === 'telemetry') {
      const seq = opts.trusted ? 'ok' : this.sequences.check(m.deviceId, m.reading.seq, m.reading.tsSource === 'device' ? m.reading.ts : null);
      if (seq === 'duplicate' || seq === 'late') return { ok: false, why: seq };
      return { ok: true, message: m, events: this.core.reading(m.deviceId, m.reading, now), rebased: seq === 'rebased' };
    }
    if (m.kind === 'status') return { ok: true, message: m, events: this.core.status(m.deviceId, m.status, now), rebased: false };
    return { ok: true, message: m, events: this.core.commandAnswered(m.deviceId, m.reqId, m.success, m.result, now), rebased: false };
  }
}
