// The twin's pure kernel: validated device messages and operator actions in, events out.
// Adapters (MQTT, rooms, HTTP) gather inputs, call it, and carry the events out.
import type { HazardReport } from '../../twin-assets/reports';
import type { DistrictIndex } from '../../twin-assets/districtIndex';
import type { RuleSet } from '../../twin-assets/rulesSchema';
import type { Actor, AlarmJson } from '../../twin-assets/protocol';
import type { DeviceStatus, Reading } from '../../bridge/reading';
import { AlarmEngine, type ActionResult, type AlarmEvent, type StoredAlarm } from './alarmEngine';
import { deviceDisplay, DeviceTwin, type DeviceDisplay } from './deviceTwin';
import { COMMAND_TIMEOUT_MS, CommandTracker, PLATFORM_COMMAND_TIMEOUT_MS, type CommandRecord } from './commands';
import { DispatchBoard, type Task, type TaskState } from './dispatch';
import { nextCranePose, nextElevatorPose, type CranePose, type ElevatorPose } from './kinematics';

export type TwinEvent =
  | ({ kind: 'alarm' } & AlarmEvent)
  | { kind: 'device'; deviceId: string; display: DeviceDisplay; level: string }
  | ({ kind: 'elevator'; elevatorId: string } & ElevatorPose)
  | { kind: 'crane'; craneId: string; slewDeg: number; radiusM: number; loadKg: number }
  | { kind: 'flood'; zoneId: string; depthM: number }
  /** ISA-18.2 alarm flood: more alarms than one operator can handle. */
  | { kind: 'alarm_flood'; active: boolean; count: number }
  | { kind: 'task'; task: Task }
  /** An alarm passed its 20-minute on-site target with nobody there. */
  | { kind: 'dispatch_overdue'; alarmId: string }
  | { kind: 'command'; command: CommandRecord }
  /** A resident's hazard report, new or moved on (the pipeline's report desk, not the core, makes these). */
  | { kind: 'report'; report: HazardReport };

export class TwinCore {
  readonly devices: DeviceTwin;
  readonly alarms: AlarmEngine;
  /** Devices currently shown other than normal. */
  private readonly shown = new Map<string, { display: DeviceDisplay; level: string }>();
  readonly elevatorPoses = new Map<string, ElevatorPose>();
  readonly cranePoses = new Map<string, CranePose>();
  readonly floodDepths = new Map<string, number>();
  readonly dispatch: DispatchBoard;
  readonly commands = new CommandTracker();

  constructor(readonly index: DistrictIndex, rules: RuleSet, exercise: boolean) {
    this.devices = new DeviceTwin(index);
    this.alarms = new AlarmEngine(index, rules, exercise);
    this.dispatch = new DispatchBoard(index);
  }

  /** What changes as it runs, for a drill's kernel snapshot (drill/kernelSnapshot.ts); its parts keep their own; the rest is built again from the district and the rules. */
  saveState() {
    const { shown, elevatorPoses, cranePoses, floodDepths, flood } = this;
    return { shown, elevatorPoses, cranePoses, floodDepths, flood, devices: this.devices.saveState(), alarms: this.alarms.saveState(), dispatch: this.dispatch.saveState(), commands: this.commands.saveState() };
  }
  loadState({ devices, alarms, dispatch, commands, ...own }: ReturnType<TwinCore['saveState']>): void {
    Object.assign(this, own);
    this.devices.loadState(devices); this.alarms.loadState(alarms); this.dispatch.loadState(dispatch); this.commands.loadState(commands);
  }

  reading(deviceId: string, reading: Reading, now: number): TwinEvent[] {
    this.devices.applyReading(deviceId, reading, now);
    const events = this.withDeviceChanges(this.alarms.onReading(deviceId, reading.readings, now), [deviceId], now);
    const moved = this.movements(deviceId, reading, now);
    return moved.length ? events.concat(moved) : events;
  }

  private movements(deviceId: string, reading: Reading, now: number): TwinEvent[] {
    const values = reading.readings;
    const elevator = this.index.elevatorByDevice.get(deviceId);
    if (elevator) {
      const pose = nextElevatorPose(this.elevatorPoses.get(elevator.id), values);
      const prev = this.elevatorPoses.get(elevator.id);
      if (!pose || (prev && prev.floor === pose.floor && prev.doorOpen === pose.doorOpen)) return [];
      this.elevatorPoses.set(elevator.id, pose);
      return [{ kind: 'elevator', elevatorId: elevator.id, ...pose }];
    }
    const crane = this.index.craneByDevice.get(deviceId);
    if (crane) {
      const pose = nextCranePose(crane, this.cranePoses.get(crane.id), values, now);
      this.cranePoses.set(crane.id, pose);
      return [{ kind: 'crane', craneId: crane.id, slewDeg: pose.slewDeg, radiusM: pose.radiusM, loadKg: pose.loadKg }];
    }
    const zone = this.index.floodZoneByGauge.get(deviceId);
    if (zone && typeof values.level_m === 'number') {
      const depthM = Math.max(0, values.level_m);
      if (this.floodDepths.get(zone.id) === depthM) return [];
      this.floodDepths.set(zone.id, depthM);
      return [{ kind: 'flood', zoneId: zone.id, depthM }];
    }
    return [];
  }

  floodState() { return { ...this.flood }; }

  status(deviceId: string, status: DeviceStatus, now: number): TwinEvent[] {
    this.devices.applyStatus(deviceId, status, now);
    return this.withDeviceChanges(this.alarms.onStatus(deviceId, status, now), [deviceId]);
  }

  /** Time passing: delays, heartbeats, shelving expiry, escalation, the flood window. */
  sendCommand(deviceId: string, cmd: string, by: Actor, now: number, reqId: string): CommandRecord {
    const source = this.index.devices.get(deviceId)?.source ?? 'native';
    return this.commands.send(deviceId, cmd, by, now, reqId, source === 'native' ? COMMAND_TIMEOUT_MS : PLATFORM_COMMAND_TIMEOUT_MS);
  }

  commandAnswered(deviceId: string, reqId: string, ok: boolean, result: string | null, now: number): TwinEvent[] {
    const rec = this.commands.answer(deviceId, reqId, ok, result, now);
    if (!rec) return [];
    return [{ kind: 'command', command: rec }, ...this.withDeviceChanges(this.alarms.commandFault(deviceId, false, now), [deviceId], now)];
  }

  tick(now: number): TwinEvent[] {
    const timedOut = this.commands.timedOut(now);
    const faults = timedOut.flatMap((c) => this.alarms.commandFault(c.deviceId, true, now));
    const events: TwinEvent[] = [...timedOut.map((command) => ({ kind: 'command' as const, command })), ...this.withDeviceChanges([...faults, ...this.alarms.tick(now)], faults.map((f) => f.alarm.deviceId), now)];
    for (const alarmId of this.dispatch.newlyOverdue(this.alarms.openAlarms(), now)) events.push({ kind: 'dispatch_overdue', alarmId });
    return events;
  }

  updateTask(taskId: string, state: TaskState, by: Actor, now: number) {
    const result = this.dispatch.update(taskId, state, by, now);
    return result.ok ? { ...result, twinEvents: [{ kind: 'task', task: result.task } as TwinEvent] } : result;
  }

  /** Brings back alarms and out-of-service devices from the journal; returns what changes on screen. */
  restore(replayed: { alarms: StoredAlarm[]; outOfService: string[]; tasks: Task[]; lastHeard?: Record<string, number> }, now: number): TwinEvent[] {
    this.devices.restoreHeard(replayed.lastHeard ?? {});
    this.alarms.restoreHeard(replayed.lastHeard ?? {});
    for (const s of replayed.alarms) this.alarms.restoreStored(s);
    for (const t of replayed.tasks) this.dispatch.restore(t);
    for (const id of replayed.outOfService) this.alarms.setOutOfService(id, true, { id: 'journal', name: 'journal' }, now);
    return this.withDeviceChanges([], replayed.alarms.map((s) => s.alarm.deviceId), now);
  }

  /** Runs an operator action on the engine and adds what it changes on screen. */
  act(now: number, action: (engine: AlarmEngine) => ActionResult): ActionResult & { twinEvents?: TwinEvent[] } {
    const result = action(this.alarms);
    if (!result.ok) return result;
    return { ...result, twinEvents: this.withDeviceChanges(result.events, result.events.map((e) => e.alarm.deviceId), now) };
  }

  acknowledge(alarmId: string, by: Actor, now: number) {
    return this.act(now, (e) => e.acknowledge(alarmId, by, now));
  }

  displayOf(deviceId: string): { display: DeviceDisplay; level: string } {
    return deviceDisplay(this.devices.peek(deviceId), this.alarms.shownAlarmsOf(deviceId));
  }

  /** Devices not in the normal display, for a newly joined viewer. */
  abnormalDevices(): { deviceId: string; display: DeviceDisplay; level: string }[] {
    return [...this.shown.entries()].map(([deviceId, shown]) => ({ deviceId, ...shown }));
  }

  openAlarms(): AlarmJson[] {
    return this.alarms.openAlarms();
  }

  private flood = { active: false, count: 0 };

  private withDeviceChanges(alarmEvents: AlarmEvent[], deviceIds: string[], now?: number): TwinEvent[] {
    const events: TwinEvent[] = [];
    for (const e of alarmEvents) {
      events.push({ kind: 'alarm', ...e });
      if (e.type === 'raised' && now !== undefined) for (const task of this.dispatch.plan(e.alarm, now)) events.push({ kind: 'task', task });
    }
    if (now !== undefined) {
      const flood = this.alarms.floodAt(now);
      if (flood.active !== this.flood.active || (flood.active && flood.count !== this.flood.count)) events.push({ kind: 'alarm_flood', ...flood });
      this.flood = flood;
    }
    for (const deviceId of alarmEvents.length ? new Set([...deviceIds, ...alarmEvents.map((e) => e.alarm.deviceId)]) : deviceIds) {
      const { display, level } = this.displayOf(deviceId);
      const before = this.shown.get(deviceId) ?? { display: 'normal', level: '' };
      if (before.display === display && before.level === level) continue;
      if (display === 'normal') this.shown.delete(deviceId);
      else this.shown.set(deviceId, { display, level });
      events.push({ kind: 'device', deviceId, display, level });
    }
    return events;
  }
}
