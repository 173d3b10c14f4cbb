// What the live room replicates to every viewer. Only devices out of the normal display are in
// `devices`, so a street of 10,000 quiet devices costs nothing to sync.
import { MapSchema, Schema, Encoder, schema, type, view, type SchemaType } from '@colyseus/schema';
import { ALARM_ROW } from '../../../twin-assets/alarmRow';

// In an alarm flood the full state for a newly joined screen holds a thousand alarms (≈ 300 KB):
// start with a buffer that fits rather than growing it under load.
Encoder.BUFFER_SIZE = 512 * 1024;

export class DeviceView extends Schema {
  @type('string') id = '';
  @type('string') display = 'normal';
  @type('string') level = '';
}

/** An alarm on screen: the fields of twin-assets/alarmRow.ts. */
export const AlarmView = schema(ALARM_ROW, 'AlarmView');
export type AlarmView = SchemaType<typeof AlarmView>;

export class ElevatorView extends Schema {
  @type('int16') floor = 1;
  @type('boolean') doorOpen = false;
}

export class CraneView extends Schema {
  @type('float32') slewDeg = 0;
  @type('float32') radiusM = 0;
  @type('float32') loadKg = 0;
}

export class TaskView extends Schema {
  @type('string') id = '';
  @type('string') alarmId = '';
  @type('string') kind = '';
  @type('string') resourceName = '';
  @type('string') state = '';
  @type('uint32') etaS = 0;
  @type('float64') assignedAt = 0;
  @type('float64') onSiteAt = 0;
}

/** A resident's hazard report being dealt with (finished ones leave the room). No text or photo: those
 * are for operators, through the API. */
export class ReportView extends Schema {
  @type('string') id = '';
  @type('string') category = '';
  @type('string') status = '';
  @type('string') buildingId = '';
  @type('string') courtyardId = '';
  @type('float32') x = 0;
  @type('float32') y = 0;
  @type('float64') submittedAt = 0;
  @type('float64') updatedAt = 0;
  @type('string') assignee = '';
}

/** What live and drill rooms share: the district's moving things and the alarm-flood flag. */
export class TwinState extends Schema {
  @type('string') districtId = '';
  @type('string') mode = 'live';
  /** Moving things, keyed by elevator, crane and flood-zone id. */
  @type({ map: ElevatorView }) elevators = new MapSchema<ElevatorView>();
  @type({ map: CraneView }) cranes = new MapSchema<CraneView>();
  @type({ map: 'float32' }) floods = new MapSchema<number>();
  /** ISA-18.2 alarm flood, and the alarms raised in its window. */
  @type('boolean') alarmFlood = false;
  @type('uint32') floodCount = 0;
}

/** The live room: alarms, devices out of normal, tasks and reports are each in a client's view only where the
 * person's scope reaches (a community's staff see their community's; LiveRoom adds them to each StateView). */
export class LiveState extends TwinState {
  @view() @type({ map: DeviceView }) devices = new MapSchema<DeviceView>();
  @view() @type({ map: AlarmView }) alarms = new MapSchema<AlarmView>();
  /** Dispatch tasks of open alarms. */
  @view() @type({ map: TaskView }) tasks = new MapSchema<TaskView>();
  @view() @type({ map: ReportView }) reports = new MapSchema<ReportView>();
}
