// Copies twin events into the replicated schema. The room calls it; it decides nothing.
import { ArraySchema } from '@colyseus/schema';
import { alarmRow } from '../../twin-assets/alarmRow';
import type { AlarmJson } from '../../twin-assets/protocol';
import type { TwinEvent } from '../core/twinCore';
import type { TwinCore } from '../core/twinCore';
import type { Task } from '../core/dispatch';
import { REPORT_FINISHED, type HazardReport } from '../../twin-assets/reports';
import { AlarmView, CraneView, DeviceView, ElevatorView, ReportView, TaskView, type LiveState } from './schema/LiveState';
import type { DrillState } from './schema/DrillState';

type TwinView = LiveState | DrillState;

export function writeTask(state: TwinView, task: Task): void {
  const view = state.tasks.get(task.id) ?? new TaskView();
  view.id = task.id;
  view.alarmId = task.alarmId;
  view.kind = task.kind;
  view.resourceName = task.resource.name;
  view.state = task.state;
  view.etaS = task.etaS;
  view.assignedAt = task.assignedAt;
  view.onSiteAt = task.onSiteAt ?? 0;
  if (!state.tasks.has(task.id)) state.tasks.set(task.id, view);
}

export function writeAlarm(state: TwinView, alarm: AlarmJson, factors?: string[]): void {
  if (alarm.state === 'closed') {
    state.alarms.delete(alarm.id);
    for (const [id, t] of state.tasks) if (t.alarmId === alarm.id) state.tasks.delete(id);
    return;
  }
  const view = state.alarms.get(alarm.id) ?? new AlarmView();
  // Without factors (an acknowledgement, say), the alarm keeps the ones it has.
  const { notified, factors: why, ...scalars } = alarmRow(alarm, factors ?? [...(view.factors ?? [])]);
  Object.assign(view, scalars);
  // A list is replaced only when it changed: a new ArraySchema is sent whole.
  if (view.notified?.join() !== notified.join()) view.notified = new ArraySchema<string>(...notified);
  if (view.factors?.join() !== why.join()) view.factors = new ArraySchema<string>(...why);
  if (!state.alarms.has(alarm.id)) state.alarms.set(alarm.id, view);
}

export function writeReport(state: TwinView, r: HazardReport): void {
  if (REPORT_FINISHED.includes(r.status)) { state.reports.delete(r.id); return; }
  const view = state.reports.get(r.id) ?? new ReportView();
  Object.assign(view, {
    id: r.id, category: r.category, status: r.status, buildingId: r.place.buildingId ?? '', courtyardId: r.place.courtyardId ?? '',
    x: r.place.x, y: r.place.y, submittedAt: r.submittedAt, updatedAt: r.updatedAt, assignee: r.assignee?.name ?? '',
  });
  if (!state.reports.has(r.id)) state.reports.set(r.id, view);
}

export function writeDevice(state: TwinView, deviceId: string, display: string, level: string): void {
  if (display === 'normal') { state.devices.delete(deviceId); return; }
  const view = state.devices.get(deviceId) ?? new DeviceView();
  view.id = deviceId;
  view.display = display;
  view.level = level;
  if (!state.devices.has(deviceId)) state.devices.set(deviceId, view);
}

export function applyTwinEvents(state: TwinView, events: TwinEvent[]): void {
  for (const event of events) {
    switch (event.kind) {
      case 'alarm': writeAlarm(state, event.alarm, event.factors); break;
      case 'alarm_flood': state.alarmFlood = event.active; state.floodCount = event.count; break;
      case 'task': if (state.alarms.has(event.task.alarmId)) writeTask(state, event.task); break;
      case 'dispatch_overdue': break; // shown from the alarm's on-site target by the client
      case 'command': break; // in the device's panel, through the API
      case 'report': writeReport(state, event.report); break;
      case 'device': writeDevice(state, event.deviceId, event.display, event.level); break;
      case 'elevator': {
        const view = state.elevators.get(event.elevatorId) ?? new ElevatorView();
        view.floor = event.floor;
        view.doorOpen = event.doorOpen;
        if (!state.elevators.has(event.elevatorId)) state.elevators.set(event.elevatorId, view);
        break;
      }
      case 'crane': {
        const view = state.cranes.get(event.craneId) ?? new CraneView();
        view.slewDeg = event.slewDeg;
        view.radiusM = event.radiusM;
        view.loadKg = event.loadKg;
        if (!state.cranes.has(event.craneId)) state.cranes.set(event.craneId, view);
        break;
      }
      case 'flood': state.floods.set(event.zoneId, event.depthM); break;
      default: { const never: never = event; throw new Error(`unhandled twin event ${JSON.stringify(never)}`); }
    }
  }
}

/** Everything a newly created room needs from the core's current picture. */
export function writeSnapshot(state: TwinView, core: TwinCore, reports: HazardReport[] = []): void {
  for (const r of reports) writeReport(state, r);
  for (const alarm of core.openAlarms()) {
    writeAlarm(state, alarm, core.alarms.stored(alarm.id)?.factors);
    for (const task of core.dispatch.tasksOf(alarm.id)) writeTask(state, task);
  }
  const flood = core.floodState();
  state.alarmFlood = flood.active;
  state.floodCount = flood.count;
  for (const d of core.abnormalDevices()) writeDevice(state, d.deviceId, d.display, d.level);
  applyTwinEvents(state, [
    ...[...core.elevatorPoses].map(([elevatorId, p]) => ({ kind: 'elevator' as const, elevatorId, ...p })),
    ...[...core.cranePoses].map(([craneId, p]) => ({ kind: 'crane' as const, craneId, slewDeg: p.slewDeg, radiusM: p.radiusM, loadKg: p.loadKg })),
    ...[...core.floodDepths].map(([zoneId, depthM]) => ({ kind: 'flood' as const, zoneId, depthM })),
  ]);
}
