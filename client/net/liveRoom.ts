// The browser's connection to the `live` room, as a small external store React reads from.
// State arrives by Colyseus patches; the store keeps a plain snapshot for rendering.
import type { HazardView } from '../../scenarios/hazardView';
import { Client, type Room } from 'colyseus.js';
import type { AlarmRow } from '../../twin-assets/alarmRow';
import { MSG, PROTOCOL_VERSION, type ServerMessage } from '../../twin-assets/protocol';

export type { AlarmRow };
export interface DeviceRow { id: string; display: string; level: string }
export interface ReportRow { id: string; category: string; status: string; buildingId: string; courtyardId: string; x: number; y: number; submittedAt: number; updatedAt: number; assignee: string }
export interface TaskRow { id: string; alarmId: string; kind: string; resourceName: string; state: string; etaS: number; assignedAt: number; onSiteAt: number }

export interface LiveSnapshot {
  status: 'connecting' | 'connected' | 'disconnected';
  /** True once the first full state has arrived. */
  synced: boolean;
  canAcknowledge: boolean;
  alarms: AlarmRow[];
  devices: Record<string, DeviceRow>;
  elevators: Record<string, { floor: number; doorOpen: boolean }>;
  cranes: Record<string, { slewDeg: number; radiusM: number; loadKg: number }>;
  floods: Record<string, number>;
  /** ISA-18.2 alarm flood, and how many alarms were raised in its window. */
  alarmFlood: boolean;
  floodCount: number;
  tasks: TaskRow[];
  /** Residents' hazard reports being dealt with (live only). */
  reports?: ReportRow[];
  lastError: string | null;
  /** In a drill: each running hazard as its model has it. */
  hazards?: HazardView[];
}

type Listener = () => void;

export class LiveConnection {
  private snapshot: LiveSnapshot = { status: 'connecting', synced: false, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null };
  private readonly listeners = new Set<Listener>();
  private room: Room | null = null;
  private closed = false;

  /** The session cookie says who joins (the WebSocket's upgrade carries it). */
  constructor(private readonly endpoint: string) {}

  get = () => this.snapshot;
  subscribe = (l: Listener) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };

  async connect(): Promise<void> {
    this.closed = false;
    const client = new Client(this.endpoint);
    try {
      const room = await client.join('live', { protocol: PROTOCOL_VERSION });
      this.room = room;
      room.onMessage(MSG.welcome, (m: Extract<ServerMessage, { type: 'welcome' }>) => this.set({ canAcknowledge: m.canAcknowledge }));
      room.onMessage(MSG.error, (m: Extract<ServerMessage, { type: 'error' }>) => this.set({ lastError: m.message }));
      room.onStateChange((state) => {
        const plain = state.toJSON() as Pick<LiveSnapshot, 'devices' | 'elevators' | 'cranes' | 'floods' | 'alarmFlood' | 'floodCount'> & { alarms: Record<string, AlarmRow>; tasks: Record<string, TaskRow>; reports?: Record<string, ReportRow> };
        this.set({ status: 'connected', synced: true, alarms: Object.values(plain.alarms ?? {}), devices: plain.devices ?? {},
          elevators: plain.elevators ?? {}, cranes: plain.cranes ?? {}, floods: plain.floods ?? {},
          alarmFlood: plain.alarmFlood ?? false, floodCount: plain.floodCount ?? 0, tasks: Object.values(plain.tasks ?? {}),
          reports: Object.values(plain.reports ?? {}).sort((a, b) => b.submittedAt - a.submittedAt) });
      });
      room.onLeave(() => {
        this.room = null;
        this.set({ status: 'disconnected' });
        if (!this.closed) setTimeout(() => void this.connect(), 1500);
      });
      this.set({ status: 'connected', lastError: null });
    } catch (e) {
      const message = (e as Error).message;
      this.set({ status: 'disconnected', lastError: message });
      if (!this.closed) setTimeout(() => void this.connect(), 2000);
    }
  }

  acknowledge(alarmId: string): void {
    this.room?.send(MSG.ack, { type: 'ack', alarmId });
  }

  close(): void {
    this.closed = true;
    void this.room?.leave();
  }

  private set(patch: Partial<LiveSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((l) => l());
  }
}
