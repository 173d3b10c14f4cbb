// The one module of wire types shared by server, bridge and client: alarm JSON (CONTRACT.md),
// room join options and messages. A change here is a change of the outside contract.

export const RESPONSE_LEVELS = ['IV', 'III', 'II', 'I'] as const; // least to most severe
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export const LINKAGE_TIERS = ['household', 'building', 'grid', 'community', 'street'] as const;
export type LinkageTier = (typeof LINKAGE_TIERS)[number];

export const ALARM_STATES = [
  'active_unacked', 'active_acked', 'rtn_unacked', 'closed', 'shelved', 'suppressed', 'out_of_service',
] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmLocation {
  courtyardId: string | null;
  buildingId: string | null;
  floor: number | null;
  x: number;
  y: number;
  z: number;
}

export interface AlarmJson {
  id: string;
  deviceId: string;
  deviceType: string;
  kind: string;
  level: ResponseLevel;
  state: AlarmState;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  location: AlarmLocation;
  reading: Record<string, number | boolean>;
  notified: LinkageTier[];
  exercise: boolean;
}

export const ROLES = ['trainer', 'commander', 'grid_worker', 'firefighter', 'medic', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export interface JoinOptions {
  role: Role;
  name: string;
  token?: string;
}

export const DRILL_STATUSES = ['lobby', 'running', 'paused', 'ended'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_SPEEDS = { min: 1, max: 10 } as const;

/** A trainer's control of the drill's clock. */
export type DrillControl = { cmd: 'start' | 'pause' | 'resume' | 'end' } | { cmd: 'speed'; speed: number };
/** A trainer's inject: one of the scenario's, or made up on the spot. */
export type DrillInject =
  | { id: string }
  | { kind: 'device_fails'; deviceId: string }
  | { kind: 'block_lane'; edgeId: string }
  | { kind: 'casualty'; x: number; y: number; text: string };

/** Messages a client sends to a room. */
export type ClientMessage =
  | { type: 'ack'; alarmId: string }
  | { type: 'shelve'; alarmId: string; minutes: number; reason: string }
  /** drill: go to a place (the server plans the route and moves the avatar) */
  | { type: 'move'; x: number; y: number }
  /** drill: a role action (scenarios/schema.ts ACTIONS); `text` for a hazard report, `householdId` for a call */
  | { type: 'act'; action: string; text?: string; householdId?: string }
  /** dispatch: live operators move a task to any next state; in a drill a responder accepts it (en_route) or reports it done */
  | { type: 'task'; taskId: string; state: 'en_route' | 'on_site' | 'done' | 'cancelled' }
  | ({ type: 'control' } & DrillControl)
  | ({ type: 'inject' } & DrillInject)
  /** drill: the trainer's message to a role (or everyone) */
  | { type: 'say'; to: Role | 'all'; text: string };

/** Messages a room sends to one client. */
export type ServerMessage =
  | { type: 'welcome'; role: Role; canAcknowledge: boolean; playerId?: string; actions?: string[] }
  /** `message` in English; `zh` the same in Chinese, where the server has it */
  | { type: 'error'; code: string; message: string; zh?: string }
  /** drill: what an accepted action achieved */
  | { type: 'done'; action: string; outcome: string; zh?: string }
  /** drill: a message for this player's role (from the trainer or the scenario) */
  | { type: 'notice'; from: string; text: string };

/** Room message channel names (Colyseus sends by type name). */
export const MSG = {
  ack: 'ack', shelve: 'shelve', welcome: 'welcome', error: 'error',
  move: 'move', act: 'act', task: 'task', control: 'control', inject: 'inject', say: 'say', done: 'done', notice: 'notice',
} as const;

export function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.indexOf(level);
}
