// Copies twin events into the replicated schema. The room calls it; it decides nothing.
import { ArraySchema } from '@colyseus/schema';
import type { AlarmJson } from '../../twin-assets/protocol';
import type { TwinEvent } from '../core/twinCore';
import { AlarmView, DeviceView, type LiveState } from './schema/LiveState';

export function writeAlarm(state: LiveState, alarm: AlarmJson): void {
  if (alarm.state === 'closed') { state.alarms.delete(alarm.id); return; }
  const view = state.alarms.get(alarm.id) ?? new AlarmView();
  view.id = alarm.id;
  view.deviceId = alarm.deviceId;
  view.deviceType = alarm.deviceType;
  view.kind = alarm.kind;
  view.level = alarm.level;
  view.state = alarm.state;
  view.raisedAt = alarm.raisedAt;
  view.ackedAt = alarm.ackedAt ?? 0;
  view.ackedBy = alarm.ackedBy ?? '';
  view.courtyardId = alarm.location.courtyardId ?? '';
  view.buildingId = alarm.location.buildingId ?? '';
  view.floor = alarm.location.floor ?? 0;
  view.x = alarm.location.x;
  view.y = alarm.location.y;
  view.z = alarm.location.z;
  view.reading = JSON.stringify(alarm.reading);
  if (view.notified.join() !== alarm.notified.join()) view.notified = new ArraySchema<string>(...alarm.notified);
  view.exercise = alarm.exercise;
  if (!state.alarms.has(alarm.id)) state.alarms.set(alarm.id, view);
}

export function writeDevice(state: LiveState, deviceId: string, display: string, level: string): void {
  if (display === 'normal') { state.devices.delete(deviceId); return; }
  const view = state.devices.get(deviceId) ?? new DeviceView();
  view.id = deviceId;
  view.display = display;
  view.level = level;
  if (!state.devices.has(deviceId)) state.devices.set(deviceId, view);
}

export function applyTwinEvents(state: LiveState, events: TwinEvent[]): void {
  for (const event of events) {
    if (event.kind === 'alarm') writeAlarm(state, event.alarm);
    else writeDevice(state, event.deviceId, event.display, event.level);
  }
}
