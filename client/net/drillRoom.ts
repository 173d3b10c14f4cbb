// The browser's seat in a `drill` room. Like the live connection, a small external store; and it
// keeps the seat: the reconnection token is kept for the tab, so a dropped socket or a reloaded page
// comes back to the same role and place (the server holds the seat for 30 s).
import type { HazardView } from '../../scenarios/hazardView';
import { Client, type Room } from 'colyseus.js';
import { MSG, PROTOCOL_VERSION, type ClientMessage, type DrillStatus, type ProposedRating, type Role, type Seat, type ServerMessage, type TaskRating } from '../../twin-assets/protocol';
import type { AlarmRow, LiveSnapshot, TaskRow } from './liveRoom';

export interface PlayerRow { id: string; name: string; role: Role; x: number; y: number; hasPlace: boolean; moving: boolean; connected: boolean; carriesAed: boolean; lastAction: string; lastActionZh: string }
export interface CasualtyRow { id: string; x: number; y: number; text: string; treated: boolean }
export interface TimelineRow { tS: number; kind: string; text: string; zh: string }
export interface ObjectiveRow { id: string; action: string; withinS: number; doneAtS: number | null; met: boolean }

export interface DrillSnapshot extends LiveSnapshot {
  drillId: string; scenarioId: string;
  title: { zh: string; en: string } | null; briefing: { zh: string; en: string } | null;
  drillStatus: DrillStatus; speed: number; simS: number; simEpoch: number; phase: string;
  players: PlayerRow[]; casualties: CasualtyRow[]; timeline: TimelineRow[];
  injects: { id: string; text: { zh: string; en: string } }[];
  /** The open corrective actions this drill re-tests (its briefing lists them). */
  retest: { task: string; text: string; ownerName: string; due: string }[];
  objectives: { objectives: ObjectiveRow[]; score: { earned: number; possible: number }; firstAlarmS: number | null } | null;
  me: { playerId: string; role: Seat; actions: string[] } | null;
  /** The evaluator's alone: each task's proposed rating and the ratings given. */
  evaluation: { proposals: ProposedRating[]; ratings: TaskRating[] } | null;
  /** The answer to this player's last request, and messages for the role. */
  lastOutcome: { ok: boolean; action: string | null; en: string; zh: string; at: number } | null;
  notices: { from: string; text: string; zh?: string; at: number }[];
}

const EMPTY: DrillSnapshot = {
  status: 'connecting', synced: false, canAcknowledge: false, alarms: [], devices: {}, elevators: {}, cranes: {}, floods: {}, alarmFlood: false, floodCount: 0, tasks: [], lastError: null,
  drillId: '', scenarioId: '', title: null, briefing: null, drillStatus: 'lobby', speed: 1, simS: 0, simEpoch: 0, phase: 'dormant',
  players: [], casualties: [], timeline: [], injects: [], retest: [], objectives: null, me: null, evaluation: null, lastOutcome: null, notices: [],
};

const parse = <T>(text: string, fallback: T): T => { try { return text ? JSON.parse(text) as T : fallback; } catch { return fallback; } };
const RECONNECT_WINDOW_MS = 30_000;

export class DrillConnection {
  private snapshot: DrillSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private room: Room | null = null;
  private closed = false;
  private readonly client: Client;
  private readonly tokenKey: string;

  constructor(endpoint: string, private readonly roomId: string, private readonly join: { role: Seat; name: string; code?: string }) {
    this.client = new Client(endpoint);
    this.tokenKey = `street-twin.drill.${roomId}.${join.role}.${join.name}`;
  }

  get = () => this.snapshot;
  subscribe = (l: () => void) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };

  /** Back to the held seat if there is one, else a new (or the same player's) seat. */
  async connect(): Promise<void> {
    this.closed = false;
    const saved = sessionStorage.getItem(this.tokenKey);
    if (saved) {
      // The server does not welcome a returning seat again: who we are comes back from the tab's storage.
      try { this.attach(await this.client.reconnect(saved)); this.set({ me: parse(sessionStorage.getItem(`${this.tokenKey}.me`) ?? '', null) }); return; } catch { sessionStorage.removeItem(this.tokenKey); }
    }
    try {
      this.attach(await this.client.joinById(this.roomId, { ...this.join, protocol: PROTOCOL_VERSION }));
    } catch (e) {
      this.set({ status: 'disconnected', lastError: (e as Error).message });
    }
  }

  private attach(room: Room): void {
    this.room = room;
    sessionStorage.setItem(this.tokenKey, room.reconnectionToken);
    room.onMessage(MSG.welcome, (m: Extract<ServerMessage, { type: 'welcome' }>) => {
      const me = { playerId: m.playerId ?? '', role: m.role, actions: m.actions ?? [] };
      sessionStorage.setItem(`${this.tokenKey}.me`, JSON.stringify(me));
      this.set({ canAcknowledge: m.canAcknowledge, me });
    });
    room.onMessage(MSG.evaluation, (m: Extract<ServerMessage, { type: 'evaluation' }>) => this.set({ evaluation: { proposals: m.proposals, ratings: m.ratings } }));
    room.onMessage(MSG.error, (m: Extract<ServerMessage, { type: 'error' }>) => this.set({ lastOutcome: { ok: false, action: null, en: m.message, zh: m.zh ?? m.message, at: Date.now() } }));
    room.onMessage(MSG.done, (m: Extract<ServerMessage, { type: 'done' }>) => this.set({ lastOutcome: { ok: true, action: m.action, en: m.outcome, zh: m.zh ?? m.outcome, at: Date.now() } }));
    room.onMessage(MSG.notice, (m: Extract<ServerMessage, { type: 'notice' }>) => this.set({ notices: [...this.snapshot.notices.slice(-19), { from: m.from, text: m.text, ...(m.zh ? { zh: m.zh } : {}), at: Date.now() }] }));
    room.onStateChange((state) => {
      const s = state.toJSON() as Record<string, any>;
      this.set({
        status: 'connected', synced: true,
        alarms: Object.values(s.alarms ?? {}) as AlarmRow[], devices: s.devices ?? {}, elevators: s.elevators ?? {}, cranes: s.cranes ?? {}, floods: s.floods ?? {},
        alarmFlood: s.alarmFlood ?? false, floodCount: s.floodCount ?? 0, tasks: Object.values(s.tasks ?? {}) as TaskRow[],
        drillId: s.drillId, scenarioId: s.scenarioId, title: parse(s.title, null), briefing: parse(s.briefing, null),
        drillStatus: s.status, speed: s.speed, simS: s.simS, simEpoch: s.simEpoch, phase: s.phase,
        players: Object.values(s.players ?? {}) as PlayerRow[], casualties: Object.values(s.casualties ?? {}) as CasualtyRow[],
        hazards: Object.values(s.hazards ?? {}) as HazardView[],
        timeline: (s.timeline ?? []).map((line: string) => { const [tS, kind, zh, text] = parse(line, [0, '', '', '']) as [number, string, string, string]; return { tS, kind, text, zh }; }),
        injects: parse(s.injects, []), retest: parse(s.retest, []), objectives: parse(s.objectives, null),
      });
    });
    room.onLeave((code) => {
      this.room = null;
      this.set({ status: 'disconnected' });
      // 1000 and 4000: we left on purpose; 4001: the same person joined from another page, which has the seat now.
      // Anything else: the socket was cut; the seat waits for us.
      if (code === 4001) this.set({ lastError: 'joined again from another page' });
      if (!this.closed && code !== 1000 && code !== 4000 && code !== 4001) void this.reconnect(Date.now() + RECONNECT_WINDOW_MS);
    });
    this.set({ status: 'connected', lastError: null });
  }

  private async reconnect(deadline: number): Promise<void> {
    while (!this.closed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      try { this.attach(await this.client.reconnect(sessionStorage.getItem(this.tokenKey) ?? '')); return; } catch (e) { // `me` is kept in the snapshot
        // The server is reachable but no longer holds the seat (it restarted, or the drill is gone): stop asking for it.
        if (/invalid|expired/i.test((e as Error).message)) break;
      }
    }
    sessionStorage.removeItem(this.tokenKey);
    if (!this.closed) await this.connect(); // the seat has gone: the same role and name take the same player again
  }

  send(message: ClientMessage): void {
    const { type, ...body } = message;
    this.room?.send(type, body);
  }

  close(): void {
    this.closed = true;
    sessionStorage.removeItem(this.tokenKey);
    void this.room?.leave();
  }

  private set(patch: Partial<DrillSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((l) => l());
  }
}
