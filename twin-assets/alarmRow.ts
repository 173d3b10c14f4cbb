// An alarm as the rooms replicate it to screens: its fields and their wire types, once. The server's
// schema class (sim-server/rooms/schema/LiveState.ts) is made from ALARM_ROW, the client's row type is
// derived from it, and `alarmRow` is the one place an AlarmJson becomes a row (flat: location spread, the
// reading as JSON text, absent times as 0).
import type { AlarmJson } from './protocol';

export const ALARM_ROW = {
  id: 'string', deviceId: 'string', deviceType: 'string', kind: 'string', level: 'string', state: 'string',
  raisedAt: 'float64', ackedAt: 'float64', ackedBy: 'string', courtyardId: 'string', buildingId: 'string', floor: 'int16',
  x: 'float32', y: 'float32', z: 'float32',
  /** The reading that raised or last updated it, as JSON. */
  reading: 'string',
  notified: ['string'], exercise: 'boolean',
  /** Why the alarm stands at its level. */
  factors: ['string'],
} satisfies Record<string, keyof Wire | ['string']>;

interface Wire { string: string; float64: number; float32: number; int16: number; boolean: boolean }
type Field<T> = T extends [infer E extends keyof Wire] ? Wire[E][] : T extends keyof Wire ? Wire[T] : never;
export type AlarmRow = { [K in keyof typeof ALARM_ROW]: Field<(typeof ALARM_ROW)[K]> };

export function alarmRow(a: AlarmJson, factors: string[]): AlarmRow {
  return {
    id: a.id, deviceId: a.deviceId, deviceType: a.deviceType, kind: a.kind, level: a.level, state: a.state,
    raisedAt: a.raisedAt, ackedAt: a.ackedAt ?? 0, ackedBy: a.ackedBy ?? '',
    courtyardId: a.location.courtyardId ?? '', buildingId: a.location.buildingId ?? '', floor: a.location.floor ?? 0,
    x: a.location.x, y: a.location.y, z: a.location.z, reading: JSON.stringify(a.reading), notified: [...a.notified], exercise: a.exercise, factors,
  };
}
