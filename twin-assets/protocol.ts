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

/** Messages a client sends to a room. */
export type ClientMessage =
  | { type: 'ack'; alarmId: string }
  | { type: 'shelve'; alarmId: string; minutes: number; reason: string };

/** Messages a room sends to one client. */
export type ServerMessage =
  | { type: 'welcome'; role: Role; canAcknowledge: boolean }
  | { type: 'error'; code: string; message: string };

/** Room message channel names (Colyseus sends by type name). */
export const MSG = { ack: 'ack', shelve: 'shelve', welcome: 'welcome', error: 'error' } as const;

export function levelRank(level: ResponseLevel): number {
  return RESPONSE_LEVELS.indexOf(level);
}
